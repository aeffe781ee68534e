using System.Net;
using System.Text.Json;
using Runtype.Api.Events;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Wire;

namespace Runtype.Api.Tests;

/// <summary>
/// The live stream after a redaction: it delivers message.redacted without the content, a stream opened afterwards
/// never shows the content, and the node's event ring does not keep the copy it read before the redaction.
/// </summary>
public sealed class RedactionStreamTests(EventStreamFactory factory) : IClassFixture<EventStreamFactory>
{
    private const string Conversations = ApiClientExtensions.Conversations;
    private const string Events = "/v1/messaging/events";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Streams_show_the_redaction_and_never_the_content_afterwards()
    {
        using var client = factory.ClientFor();
        var start = await EndOfFeedAsync(client);
        using var live = await OpenAsync(client, start);
        var secret = RedactionTests.Secret();
        var (conversationId, message) = await RedactionTests.SeedAsync(client, secret);
        var beforeRedaction = await live.EventsAsync(2, Soon);
        Assert.Contains(secret, beforeRedaction[1].Data, StringComparison.Ordinal);

        using var deleted = await client.DeleteAsync($"{Conversations}/{conversationId}/messages/{message.Id()}");
        var redacted = await deleted.ExpectJsonAsync(HttpStatusCode.OK);
        var redaction = Assert.Single(await live.EventsAsync(1, Soon));
        using var later = await OpenAsync(client, start);
        var replayed = await later.EventsAsync(3, Soon);

        Assert.Equal("message.redacted", redaction.Event);
        Assert.Equal(redacted.GetRawText(), JsonDocument.Parse(redaction.Data!).RootElement.GetProperty("data").GetRawText());
        Assert.Equal(["conversation.created", "message.created", "message.redacted"], replayed.Select(e => e.Event));
        Assert.All(replayed, e => Assert.DoesNotContain(secret, e.Data, StringComparison.Ordinal));
    }

    [Fact]
    public void The_ring_gives_a_reader_the_redacted_message_where_it_held_the_created_one()
    {
        var ring = new EventRing(8);
        using var reader = new RingReader();
        Assert.True(ring.TryJoin(reader, EventPosition.Start, out _));
        var message = new Message { Id = Identifiers.NewMessageId(), ConversationId = Identifiers.NewConversationId(), Position = 1, Content = "secret", Metadata = """{"k":"secret"}""" };
        var other = message with { Id = Identifiers.NewMessageId(), Position = 2, Content = "kept" };
        var redacted = message with { Content = "", Metadata = "{}", RedactedAt = DateTime.UtcNow };

        ring.Append([Stored(1, EventType.MessageCreated, message), Stored(2, EventType.MessageCreated, other)]);
        ring.Append([Stored(3, EventType.MessageRedacted, redacted)]);
        var taken = new List<StoredEvent>();
        Assert.True(ring.TryTake(reader, 10, taken));

        Assert.Equal([Render(redacted), Render(other), Render(redacted)], taken.Select(e => e.Event.Data));
        Assert.Equal([1L, 2, 3], taken.Select(e => e.Position.Major));
    }

    private static StoredEvent Stored(long position, EventType type, Message message) => new(
        new EventPosition(position, 0),
        new ConversationEvent
        {
            Id = "evt_" + Identifiers.NewUlid(), Type = type, CreatedAt = DateTime.UtcNow, Owner = "owner-a",
            ConversationId = message.ConversationId, Sequence = position + 1, Data = Render(message),
        });

    private static string Render(Message message) => WireValues.Render(message, MessageJson.Write);

    private static async Task<SseStream> OpenAsync(HttpClient client, string after)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Events}/stream?after={Uri.EscapeDataString(after)}");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseStream(response);
    }

    private static async Task<string> EndOfFeedAsync(HttpClient client)
    {
        var page = await client.ReadJsonAsync($"{Events}?limit=500");
        while (page.GetProperty("data").GetArrayLength() > 0)
        {
            page = await client.ReadJsonAsync($"{Events}?limit=500&after={Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!)}");
        }

        return page.GetProperty("nextCursor").GetString()!;
    }
}
