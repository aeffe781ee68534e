using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>
/// DELETE /conversations/{id}/messages/{messageId}: the message keeps its place and ids, loses its content and
/// metadata everywhere the API can show them, and the conversation records one message.redacted.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RedactionTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;
    private const string Events = "/v1/messaging/events";

    [Fact]
    public async Task A_redaction_answers_the_message_without_content_and_a_second_one_answers_the_same_and_records_nothing()
    {
        using var client = factory.ClientFor();
        var secret = Secret();
        var (conversationId, message) = await SeedAsync(client, secret);
        using var before = await client.GetAsync($"{Conversations}/{conversationId}");
        var version = before.Headers.ETag;

        using var first = await client.DeleteAsync($"{Conversations}/{conversationId}/messages/{message.Id()}");
        var redacted = await first.ExpectJsonAsync(HttpStatusCode.OK);
        using var afterFirst = await client.GetAsync($"{Conversations}/{conversationId}");
        using var second = await client.DeleteAsync($"{Conversations}/{conversationId}/messages/{message.Id()}");
        var again = await second.ExpectJsonAsync(HttpStatusCode.OK);
        using var afterSecond = await client.GetAsync($"{Conversations}/{conversationId}");

        Assert.Equal("", redacted.GetProperty("content").GetString());
        Assert.Equal("{}", redacted.GetProperty("metadata").GetRawText());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", redacted.GetProperty("redactedAt").GetString());
        foreach (var kept in new[] { "id", "conversationId", "role", "direction", "externalMessageId", "flowStepResultId", "createdAt" })
        {
            Assert.Equal(message.GetProperty(kept).GetRawText(), redacted.GetProperty(kept).GetRawText());
        }

        Assert.Equal(JsonValueKind.Null, message.GetProperty("redactedAt").ValueKind);
        Assert.Equal(redacted.GetRawText(), again.GetRawText());
        // A change of the conversation (a new version), made once.
        Assert.NotEqual(version, afterFirst.Headers.ETag);
        Assert.Equal(afterFirst.Headers.ETag, afterSecond.Headers.ETag);
        var events = await ConversationEventsAsync(client, conversationId, "message.redacted");
        var redaction = Assert.Single(events, e => e.GetProperty("type").GetString() == "message.redacted");
        Assert.Equal(redacted.GetRawText(), redaction.GetProperty("data").GetRawText());
        var conversation = await afterSecond.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(redaction.GetProperty("sequence").GetInt64(), long.Parse(afterSecond.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(redacted.GetProperty("redactedAt").GetString(), conversation.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task After_a_redaction_the_listing_the_message_and_the_event_feed_hold_no_content()
    {
        using var client = factory.ClientFor();
        var secret = Secret();
        var (conversationId, message) = await SeedAsync(client, secret);
        var feedBefore = await ConversationEventsAsync(client, conversationId, "message.created");
        Assert.Contains(secret, string.Join("\n", feedBefore.Select(e => e.GetRawText())), StringComparison.Ordinal);

        using var deleted = await client.DeleteAsync($"{Conversations}/{conversationId}/messages/{message.Id()}");
        var redacted = await deleted.ExpectJsonAsync(HttpStatusCode.OK);

        var listing = await client.ReadJsonAsync($"{Conversations}/{conversationId}/messages");
        var descending = await client.ReadJsonAsync($"{Conversations}/{conversationId}/messages?order=desc");
        var one = await client.ReadJsonAsync($"{Conversations}/{conversationId}/messages/{message.Id()}");
        var feed = await ConversationEventsAsync(client, conversationId, "message.redacted");
        Assert.Equal(redacted.GetRawText(), listing.GetProperty("data")[0].GetRawText());
        Assert.Equal(redacted.GetRawText(), descending.GetProperty("data").EnumerateArray().Last().GetRawText());
        Assert.Equal(redacted.GetRawText(), one.GetRawText());
        var created = Assert.Single(feed, e => e.GetProperty("type").GetString() == "message.created" && e.GetProperty("data").Id() == message.Id());
        Assert.Equal("", created.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("{}", created.GetProperty("data").GetProperty("metadata").GetRawText());
        var everything = listing.GetRawText() + descending.GetRawText() + one.GetRawText() + string.Join("\n", feed.Select(e => e.GetRawText()));
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archived_conversations_message_can_be_redacted()
    {
        using var client = factory.ClientFor();
        var (conversationId, message) = await SeedAsync(client, Secret());
        using (var archived = await client.PutJsonAsync($"{Conversations}/{conversationId}", """{"status":"archived"}"""))
        {
            await archived.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using var deleted = await client.DeleteAsync($"{Conversations}/{conversationId}/messages/{message.Id()}");

        Assert.Equal("", (await deleted.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("content").GetString());
        Assert.Equal("archived", (await client.ReadJsonAsync($"{Conversations}/{conversationId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Unknown_messages_other_conversations_and_other_owners_get_404_and_change_nothing()
    {
        using var client = factory.ClientFor();
        using var stranger = factory.ClientFor(ApiFactory.OwnerBKey);
        var secret = Secret();
        var (conversationId, message) = await SeedAsync(client, secret);
        var other = await client.CreateConversationAsync();

        using var byStranger = await stranger.DeleteAsync($"{Conversations}/{conversationId}/messages/{message.Id()}");
        using var wrongConversation = await client.DeleteAsync($"{Conversations}/{other.Id()}/messages/{message.Id()}");
        using var unknownMessage = await client.DeleteAsync($"{Conversations}/{conversationId}/messages/msg_01JAAAAAAAAAAAAAAAAAAAAAAA");
        using var unknownConversation = await client.DeleteAsync($"{Conversations}/conv_01JAAAAAAAAAAAAAAAAAAAAAAA/messages/{message.Id()}");
        using var impossible = await client.DeleteAsync($"{Conversations}/{conversationId}/messages/not-an-id");

        foreach (var response in new[] { byStranger, wrongConversation, unknownMessage, unknownConversation, impossible })
        {
            await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(secret, (await client.ReadJsonAsync($"{Conversations}/{conversationId}/messages/{message.Id()}")).GetProperty("content").GetString());
    }

    [Fact]
    public async Task Order_counts_and_dedupe_are_unchanged_by_a_redaction()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}/messages";
        var external = "ext-" + Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        foreach (var body in new[] { """{"content":"one","role":"user"}""", $$"""{"content":"two","role":"user","externalMessageId":"{{external}}"}""", """{"content":"three","role":"assistant"}""" })
        {
            ids.Add((await client.CreateMessageAsync(conversation.Id(), body)).Id());
        }

        using var deleted = await client.DeleteAsync($"{path}/{ids[1]}");
        var redacted = await deleted.ExpectJsonAsync(HttpStatusCode.OK);
        using var repost = await client.PostJsonAsync(path, $$"""{"content":"two again","role":"user","externalMessageId":"{{external}}"}""");

        var listing = await client.ReadJsonAsync(path);
        Assert.Equal(ids, listing.GetProperty("data").EnumerateArray().Select(m => m.Id()));
        Assert.Equal(["one", "", "three"], listing.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(3, listing.GetProperty("totalCount").GetInt64());
        Assert.Equal(redacted.GetRawText(), (await repost.ExpectJsonAsync(HttpStatusCode.OK)).GetRawText());
        Assert.Equal(3, (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}")).GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task An_idempotent_replay_after_a_redaction_answers_the_redacted_message()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}/messages";
        var key = Guid.NewGuid().ToString();
        var body = $$$"""{"content":"{{{Secret()}}}","role":"user","metadata":{"k":"v"}}""";
        using var first = await Post(client, path, body, key);
        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        using var before = await Post(client, path, body, key);
        Assert.Equal(created.GetRawText(), (await before.ExpectJsonAsync(HttpStatusCode.Created)).GetRawText());

        using var deleted = await client.DeleteAsync($"{path}/{created.Id()}");
        var redacted = await deleted.ExpectJsonAsync(HttpStatusCode.OK);
        using var replay = await Post(client, path, body, key);

        Assert.Equal(redacted.GetRawText(), (await replay.ExpectJsonAsync(HttpStatusCode.Created)).GetRawText());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(1, (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}")).GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task Redacting_needs_the_write_scope()
    {
        using var client = factory.ClientFor();
        var (conversationId, message) = await SeedAsync(client, Secret());
        using var reader = factory.ClientFor(ApiFactory.ReadOnlyKey);

        using var refused = await reader.DeleteAsync($"{Conversations}/{conversationId}/messages/{message.Id()}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    internal static string Secret() => "secret-" + Guid.NewGuid().ToString("N");

    /// <summary>A conversation with one message holding <paramref name="secret"/> in its content and metadata.</summary>
    internal static async Task<(string ConversationId, JsonElement Message)> SeedAsync(HttpClient client, string secret)
    {
        var conversation = await client.CreateConversationAsync();
        var message = await client.CreateMessageAsync(conversation.Id(),
            $$$"""{"content":"{{{secret}}}","role":"user","direction":"inbound","externalMessageId":"ext-{{{Guid.NewGuid():N}}}","flowStepResultId":"fsr-1","metadata":{"card":"{{{secret}}}"}}""");
        return (conversation.Id(), message);
    }

    /// <summary>The conversation's events, read until one of type <paramref name="until"/> shows (the feed may lag a commit on PostgreSQL).</summary>
    private static async Task<List<JsonElement>> ConversationEventsAsync(HttpClient client, string conversationId, string until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await client.ReadJsonAsync($"{Events}?conversationId={conversationId}&limit=100");
            var events = page.GetProperty("data").EnumerateArray().ToList();
            if (events.Any(e => e.GetProperty("type").GetString() == until) || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(50);
        }
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string json, string key) =>
        client.PostJsonAsync(path, json, request => request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
}
