using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>GET /v1/messaging/events/stream over real sockets: live delivery, resume, keep-alive, slow clients, owners.</summary>
public sealed class EventStreamTests(EventStreamFactory factory) : IClassFixture<EventStreamFactory>
{
    private const string Events = "/v1/messaging/events";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Events_written_after_connecting_arrive_on_the_stream_with_the_stream_headers()
    {
        using var client = factory.ClientFor();
        using var stream = await OpenAsync(client, $"{Events}/stream?after={Uri.EscapeDataString(await EndOfFeedAsync(client))}");
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", stream.Response.Headers.CacheControl?.ToString());
        Assert.Equal("no", stream.Response.Headers.GetValues("X-Accel-Buffering").Single());

        var written = await EventWriter.WriteAsync(factory, "owner-a", 3);
        var received = await stream.EventsAsync(3, Soon);
        Assert.Equal(written.EventIds, received.Select(EventId));
        Assert.Equal(["conversation.created", "message.created", "message.created"], received.Select(e => e.Event));
        Assert.All(received, e => Assert.False(string.IsNullOrEmpty(e.Id)));
    }

    [Fact]
    public async Task Resuming_with_Last_Event_ID_sends_exactly_the_rest()
    {
        using var client = factory.ClientFor();
        var start = await EndOfFeedAsync(client);
        var first = await EventWriter.WriteAsync(factory, "owner-a", 5);
        string resumeAt;
        using (var stream = await OpenAsync(client, $"{Events}/stream?after={Uri.EscapeDataString(start)}"))
        {
            var two = await stream.EventsAsync(2, Soon);
            Assert.Equal(first.EventIds.Take(2), two.Select(EventId));
            resumeAt = two[^1].Id!;
        }

        var second = await EventWriter.WriteAsync(factory, "owner-a", 4);

        // The URL still says where the first connection started, as a browser's EventSource keeps it; the header wins.
        using var resumed = await OpenAsync(client, $"{Events}/stream?after={Uri.EscapeDataString(start)}", resumeAt);
        var rest = await resumed.EventsAsync(7, Soon);
        Assert.Equal(first.EventIds.Skip(2).Concat(second.EventIds), rest.Select(EventId));

        // Nothing more: the next thing on the stream is a keep-alive, not a repeat.
        using var timeout = new CancellationTokenSource(Soon);
        var next = await resumed.NextAsync(timeout.Token);
        Assert.Equal("keep-alive", next?.Comment);
    }

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments()
    {
        using var client = factory.ClientFor();
        using var stream = await OpenAsync(client, $"{Events}/stream?after={Uri.EscapeDataString(await EndOfFeedAsync(client))}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 2; i++)
        {
            var item = await stream.NextAsync(timeout.Token);
            Assert.Equal("keep-alive", item?.Comment);
        }
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_disconnected_when_it_falls_out_of_the_ring()
    {
        using var client = factory.ClientFor();
        using var stream = await OpenAsync(client, $"{Events}/stream?after={Uri.EscapeDataString(await EndOfFeedAsync(client))}");

        // About 40 MB: far more than the sockets between server and client hold, so the server's writes block.
        var written = await EventWriter.WriteAsync(factory, "owner-a", 1200, padding: 32 * 1024);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!factory.Logs.Entries.Any(e => e.EventId.Name == "EventStreamTooSlow") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(factory.Logs.Entries, e => e.EventId.Name == "EventStreamTooSlow");
        var received = 0;
        try
        {
            using var timeout = new CancellationTokenSource(Soon);
            while (await stream.NextAsync(timeout.Token) is { } item)
            {
                received += item.Event is null ? 0 : 1;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The server aborted the connection: what it had sent may be cut off.
        }

        Assert.True(received < written.EventIds.Count, $"The slow client received all {received} events instead of being disconnected.");
    }

    [Fact]
    public async Task Another_owners_stream_sees_none_of_the_events()
    {
        using var a = factory.ClientFor();
        using var b = factory.ClientFor(ApiFactory.OwnerBKey);
        await EventWriter.WriteAsync(factory, "owner-b", 1);
        using var stream = await OpenAsync(b, $"{Events}/stream?after={Uri.EscapeDataString(await EndOfFeedAsync(b))}");
        var ofA = await EventWriter.WriteAsync(factory, "owner-a", 3);
        var ofB = await EventWriter.WriteAsync(factory, "owner-b", 2);
        var received = await stream.EventsAsync(2, Soon);
        Assert.Equal(ofB.EventIds, received.Select(EventId));
        Assert.DoesNotContain(received, e => ofA.EventIds.Contains(EventId(e)));
    }

    [Fact]
    public async Task A_stream_cursor_of_another_owner_is_a_400_naming_Last_Event_ID()
    {
        using var a = factory.ClientFor();
        using var b = factory.ClientFor(ApiFactory.OwnerBKey);
        var cursorOfA = await EndOfFeedAsync(a);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Events}/stream");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", cursorOfA);
        using var response = await b.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await response.ExpectValidationErrorsAsync("Last-Event-ID");
    }

    private static string EventId(SseStream.Item item) => JsonDocument.Parse(item.Data!).RootElement.GetProperty("id").GetString()!;

    /// <summary>A cursor past every event the owner has so far, read from the feed.</summary>
    private static async Task<string> EndOfFeedAsync(HttpClient client)
    {
        var page = await client.ReadJsonAsync($"{Events}?limit=500");
        while (true)
        {
            var cursor = page.GetProperty("nextCursor").GetString()!;
            if (page.GetProperty("data").GetArrayLength() == 0)
            {
                return cursor;
            }

            page = await client.ReadJsonAsync($"{Events}?limit=500&after={Uri.EscapeDataString(cursor)}");
        }
    }

    private static async Task<SseStream> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseStream(response);
    }
}
