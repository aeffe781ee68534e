using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Api.Events;
using Runtype.Api.Shared;
using Runtype.Grains.Events;

namespace Runtype.Client.Tests;

/// <summary>RuntypeClient.StreamEventsAsync against the real API on real sockets: order, cursors, resume, refusals.</summary>
public sealed class StreamEventsTests(StreamApiFactory factory) : IClassFixture<StreamApiFactory>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Events_arrive_in_the_feeds_order_each_with_its_cursor()
    {
        using var http = factory.HttpFor();
        var start = await EventSource.EndOfFeedAsync(http);
        var client = factory.ClientFor();
        using var timeout = new CancellationTokenSource(Soon);
        await using var stream = client.StreamEventsAsync(after: start, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);

        var conversation = await EventSource.WriteAsync(http, 4);
        var received = await TakeAsync(stream, 4);

        Assert.Equal(await EventSource.FeedAsync(http, start, 4), received.Select(e => e.Id));
        Assert.Equal(["conversation.created", "message.created", "message.created", "message.created"], received.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4], received.Select(e => e.Sequence));
        Assert.All(received, e => Assert.Equal(conversation, e.ConversationId));
        Assert.All(received, e => Assert.False(string.IsNullOrEmpty(e.Cursor)));
        Assert.Equal(4, received.Select(e => e.Cursor).Distinct().Count());
    }

    [Fact]
    public async Task A_stream_through_the_retry_pipeline_outlives_its_one_second_attempt_timeout_on_one_connection()
    {
        using var http = factory.HttpFor();
        var start = await EventSource.EndOfFeedAsync(http);
        var counter = new CuttingHandler(events: 0, cuts: 0) { InnerHandler = new SocketsHttpHandler() };
        var options = new RuntypeClientOptions { BaseAddress = http.BaseAddress, ApiKey = StreamApiFactory.OwnerAKey, AttemptTimeout = TimeSpan.FromSeconds(1) };
        var client = RuntypeClient.Create(options, counter);
        using var timeout = new CancellationTokenSource(Soon);
        await using var stream = client.StreamEventsAsync(after: start, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);

        await EventSource.WriteAsync(http, 1);
        var first = await TakeAsync(stream, 1);
        // The client reads on while it waits for the next event: three more keep-alives (every 500 ms) on the connection
        // put it past its one-second attempt timeout, which would have cut it.
        var next = TakeAsync(stream, 1);
        var keepAlives = counter.KeepAlives;
        var deadline = DateTime.UtcNow + Soon;
        while (counter.KeepAlives < keepAlives + 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{counter.KeepAlives - keepAlives} keep-alives arrived within {Soon}");
            await Task.Delay(20);
        }

        await EventSource.WriteAsync(http, 1);
        var second = await next;

        Assert.Equal(await EventSource.FeedAsync(http, start, 2), first.Concat(second).Select(e => e.Id));
        Assert.Single(counter.Requests);
    }

    [Fact]
    public async Task Connections_cut_mid_event_resume_with_nothing_lost_or_repeated()
    {
        using var http = factory.HttpFor();
        var start = await EventSource.EndOfFeedAsync(http);
        var cutter = new CuttingHandler(events: 3, cuts: 3);
        var client = factory.ClientFor(cutter);
        await EventSource.WriteAsync(http, 7);
        await EventSource.WriteAsync(http, 6);
        using var timeout = new CancellationTokenSource(Soon);
        await using var stream = client.StreamEventsAsync(after: start, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);

        var received = await TakeAsync(stream, 13);

        Assert.Equal(await EventSource.FeedAsync(http, start, 13), received.Select(e => e.Id));
        var requests = cutter.Requests.ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal(200, r.Status));

        // The first connection starts at after=; each reconnect names the last event yielded, the third of each cut.
        Assert.Equal([null, received[2].Cursor, received[5].Cursor, received[8].Cursor], requests.Select(r => r.LastEventId));
    }

    [Fact]
    public async Task Events_written_while_the_stream_is_down_arrive_after_the_reconnect()
    {
        using var http = factory.HttpFor();
        var start = await EventSource.EndOfFeedAsync(http);
        var cutter = new CuttingHandler(events: 2, cuts: 1);
        var client = factory.ClientFor(cutter);
        client.StreamMaxBackoff = TimeSpan.FromSeconds(1);
        using var timeout = new CancellationTokenSource(Soon);
        await using var stream = client.StreamEventsAsync(after: start, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        await EventSource.WriteAsync(http, 3);
        var first = await TakeAsync(stream, 2);
        await EventSource.WriteAsync(http, 3);

        var rest = await TakeAsync(stream, 4);

        Assert.Equal(await EventSource.FeedAsync(http, start, 6), first.Concat(rest).Select(e => e.Id));
    }

    [Fact]
    public async Task A_reader_the_server_disconnects_for_falling_behind_resumes_with_nothing_lost_or_repeated()
    {
        using var http = factory.HttpFor();
        var start = await EventSource.EndOfFeedAsync(http);
        var counter = new CuttingHandler(events: 1, cuts: 0);
        var client = factory.ClientFor(counter);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var stream = client.StreamEventsAsync(after: start, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        await EventSource.WriteAsync(http, 1);
        var received = await TakeAsync(stream, 1);

        // The caller stops reading while ~20 MB of events arrive: far more than the sockets hold, so the server's
        // writes block, the reader falls out of the 32-event ring, and the server aborts the connection.
        const int count = 600;
        await EventSource.WriteAsync(http, count, padding: 32 * 1024);
        received.AddRange(await TakeAsync(stream, count));

        Assert.Equal(await EventSource.FeedAsync(http, start, count + 1), received.Select(e => e.Id));
        Assert.True(counter.Requests.Count >= 2, "The server never disconnected the slow reader.");
        Assert.All(counter.Requests.Skip(1), r => Assert.NotNull(r.LastEventId));
    }

    [Fact]
    public async Task A_tampered_cursor_is_a_400_thrown_without_reconnecting()
    {
        using var http = factory.HttpFor();
        var cursor = await EventSource.EndOfFeedAsync(http);
        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];
        var cutter = new CuttingHandler(events: 1, cuts: 0);

        var refused = await Assert.ThrowsAsync<RuntypeApiException>(() => FirstAsync(factory.ClientFor(cutter), tampered));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Single(cutter.Requests);
    }

    [Fact]
    public async Task A_cursor_older_than_retention_is_a_410_thrown_without_reconnecting()
    {
        var codec = factory.Services.GetRequiredService<CursorCodec>();
        var old = new EventCursor(new EventPosition(1, 0), DateTime.UtcNow.AddDays(-8))
            .Write(codec, EventCursor.ScopeFor("owner-a", null, null));
        var cutter = new CuttingHandler(events: 1, cuts: 0);

        var refused = await Assert.ThrowsAsync<RuntypeApiException>(() => FirstAsync(factory.ClientFor(cutter), old));

        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Single(cutter.Requests);
    }

    private static async Task<RuntypeEvent> FirstAsync(RuntypeClient client, string after)
    {
        using var timeout = new CancellationTokenSource(Soon);
        await foreach (var e in client.StreamEventsAsync(after: after, cancellationToken: timeout.Token))
        {
            return e;
        }

        throw new InvalidOperationException("The stream ended.");
    }

    private static async Task<List<RuntypeEvent>> TakeAsync(IAsyncEnumerator<RuntypeEvent> stream, int count)
    {
        var events = new List<RuntypeEvent>();
        while (events.Count < count && await stream.MoveNextAsync())
        {
            events.Add(stream.Current);
        }

        return events;
    }
}
