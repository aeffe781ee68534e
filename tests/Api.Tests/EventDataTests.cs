using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runtype.Api.Conversations;
using Runtype.Api.Messages;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Wire;

namespace Runtype.Api.Tests;

/// <summary>An event's data is what the write's response carried: the Message as POST answered it, the Conversation as GET returns it.</summary>
[Collection(ApiCollection.Name)]
public sealed class EventDataTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    [Fact]
    public async Task A_posted_message_s_event_carries_the_post_s_response_body()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", """
            {"content":"Ünïcödé 🎉 <b>&'x'</b>\n","role":"assistant","externalMessageId":"ext-1","metadata":{"deep":{"ok":[1,2.5,null]}}}
            """);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();

        var e = (await EventsOf(conversation.Id(), 2))[^1];

        Assert.Equal((EventType.MessageCreated, 2L), (e.Type, e.Sequence));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(e.Data)), $"POST answered {body}, the event holds {e.Data}");
    }

    [Fact]
    public async Task Conversation_events_carry_the_conversation_as_the_write_answered_it()
    {
        using var client = factory.ClientFor();
        await client.PutSurfaceAsync("events-mail", "Events mailbox", "email");
        using var created = await client.PostJsonAsync(Conversations, """
            {"surfaceId":"events-mail","subject":"Hello","participantEmail":"a@example.com","context":{"plan":"pro"},"status":"closed"}
            """);
        var createdBody = await created.Content.ReadAsStringAsync();
        var id = JsonNode.Parse(createdBody)!["id"]!.GetValue<string>();
        using var updated = await client.PutJsonAsync($"{Conversations}/{id}", """{"subject":"Changed","participantMetadata":{"vip":true}}""");
        var updatedBody = await updated.Content.ReadAsStringAsync();

        var events = await EventsOf(id, 2);

        Assert.Equal([EventType.ConversationCreated, EventType.ConversationUpdated], events.Select(e => e.Type));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(createdBody), JsonNode.Parse(events[0].Data)), $"POST answered {createdBody}, the event holds {events[0].Data}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(updatedBody), JsonNode.Parse(events[1].Data)), $"PUT answered {updatedBody}, the event holds {events[1].Data}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"subject":"Hello","participantMetadata":{}}"""), JsonNode.Parse(events[1].PreviousAttributes!)));
    }

    [Fact]
    public void The_wire_writers_write_the_bytes_the_API_serializer_writes()
    {
        var options = factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var at = new DateTime(2026, 12, 2, 10, 15, 30, 123, DateTimeKind.Utc);
        var full = new Conversation
        {
            Id = Identifiers.NewConversationId(), Owner = "owner-a", MessageCount = 3, LastMessageAt = at, CreatedAt = at, UpdatedAt = at, Version = 4,
            Fields = new ConversationFields
            {
                SurfaceId = "s<1>", Status = ConversationStatus.Closed, Subject = "Ünï \"q\" &", ParticipantName = "N", ParticipantEmail = "a@b.co",
                ExternalParticipantId = "p", ExternalThreadId = "t", Timezone = "UTC", Context = """{"a":[1,"é"]}""", ParticipantMetadata = """{"b":null}""",
            },
        };
        var bare = full with { LastMessageAt = null, Fields = new ConversationFields { SurfaceId = "s" } };
        var surface = new Surface { Id = "s<1>", Name = "Mail & more", Type = "email" };
        var message = new Message
        {
            Id = Identifiers.NewMessageId(), ConversationId = full.Id, Position = 1, Role = MessageRole.System, Direction = MessageDirection.Outbound,
            Content = "<b>🎉</b>", Metadata = """{"x":{}}""", CreatedAt = at,
        };

        foreach (var (conversation, withSurface) in new[] { (full, surface), (bare, null) })
        {
            Assert.Equal(
                JsonSerializer.Serialize(ConversationDetails.From(conversation, withSurface), options),
                WireValues.Render((conversation, withSurface), static (w, c) => ConversationJson.Write(w, c.conversation, c.withSurface)));
        }

        var emailed = message with
        {
            ExternalMessageId = "<a@b.co>",
            Delivery = new MessageDelivery { Status = DeliveryStatus.Failed, Attempts = 3, LastError = "550 <no> \"such\" & 😀", SentAt = at },
        };
        foreach (var m in new[] { message, message with { ExternalMessageId = "e'1", FlowStepResultId = "f" }, emailed, emailed with { Delivery = new() { Status = DeliveryStatus.Pending } } })
        {
            Assert.Equal(JsonSerializer.Serialize(MessageResponse.From(m), options), WireValues.Render(m, MessageJson.Write));
            // The bytes a grain's window keeps for listing pages, copied as they are while the API keeps this encoder.
            Assert.Equal(JsonSerializer.Serialize(MessageResponse.From(m), options), System.Text.Encoding.UTF8.GetString(WireValues.RenderUtf8(m, MessageJson.Write)));
        }

        Assert.Same(WireValues.ResponseEncoder, options.Encoder);
    }

    [Fact]
    public async Task A_replay_a_dedupe_and_refused_writes_record_no_event()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}/messages";
        var key = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var posted = await client.PostJsonAsync(path, """{"content":"once","role":"user"}""", r => r.Headers.Add("Idempotency-Key", key));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var posted = await client.PostJsonAsync(path, """{"content":"dedupe","role":"user","externalMessageId":"same"}""");
            Assert.Equal(attempt == 0 ? HttpStatusCode.Created : HttpStatusCode.OK, posted.StatusCode);
        }

        using (var stale = await client.PutJsonAsync($"{Conversations}/{conversation.Id()}", """{"subject":"x"}""", r => r.Headers.TryAddWithoutValidation("If-Match", "\"999\"")))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }

        using (var archive = await client.PutJsonAsync($"{Conversations}/{conversation.Id()}", """{"status":"archived"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        }

        using (var refused = await client.PostJsonAsync(path, """{"content":"too late","role":"user"}"""))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        var events = await EventsOf(conversation.Id(), 4);
        Assert.Equal(
            [EventType.ConversationCreated, EventType.MessageCreated, EventType.MessageCreated, EventType.ConversationUpdated],
            events.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Sequence));
    }

    /// <summary>
    /// The conversation's events once at least <paramref name="expected"/> are visible (on PostgreSQL other tests'
    /// transactions can hold the feed's horizon back for a moment), plus a last read so that extra ones show too.
    /// </summary>
    private async Task<List<ConversationEvent>> EventsOf(string conversationId, int expected)
    {
        var log = factory.Services.GetService<IEventLog>() ?? factory.Services.GetRequiredService<InMemoryConversationStore>().Events;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await log.ReadAsync("owner-a", new EventQuery(EventPosition.Start, 500, conversationId));
            if (page.Items.Count >= expected || DateTime.UtcNow > deadline)
            {
                await Task.Delay(50);
                page = await log.ReadAsync("owner-a", new EventQuery(EventPosition.Start, 500, conversationId));
                return [.. page.Items.Select(stored => stored.Event)];
            }

            await Task.Delay(20);
        }
    }
}
