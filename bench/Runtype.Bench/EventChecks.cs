using System.Text.Json;

namespace Runtype.Bench;

/// <summary>
/// Proof that the API takes <see cref="EventLoad"/>'s rows as its own and that redactions reach the loaded events;
/// each check throws with what it found, so the scenario fails loudly instead of timing errors.
/// </summary>
public static class EventChecks
{
    // What a conversation has that its conversation.created event had otherwise: it has had messages since.
    private static readonly HashSet<string> ChangedSinceCreated = new(StringComparer.Ordinal) { "messageCount", "lastMessageAt", "updatedAt" };

    /// <summary>
    /// Reads one loaded conversation's events through the feed (filtered by conversationId) and holds them to what the
    /// API answers: each message.created's data byte for byte the API's GET of that message, the conversation.created's
    /// the GET of the conversation but for what its messages changed since. Returns the caught-up cursor of the read.
    /// </summary>
    public static async Task<string> LoadedConversationAsync(HttpClient client, long conversation)
    {
        var id = BulkLoad.ConversationIdOf(conversation);
        var events = new List<JsonElement>();
        var (cursor, _) = await EventFeed.WalkAsync(client, "conversationId=" + id, null, events.Add);
        Require(events.Count == EventLoad.EventsEach, $"{id} has {events.Count} events in the feed, not {EventLoad.EventsEach}");

        var created = events[0];
        Require(Text(created, "type") == "conversation.created" && created.GetProperty("sequence").GetInt64() == 1, $"{id}'s first event: {created.GetRawText()}");
        using (var response = await client.GetAsync($"/v1/messaging/conversations/{id}"))
        {
            using var current = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var now = current.RootElement.EnumerateObject().ToList();
            var then = created.GetProperty("data").EnumerateObject().ToList();
            Require(now.Select(p => p.Name).SequenceEqual(then.Select(p => p.Name))
                && now.Zip(then).All(p => ChangedSinceCreated.Contains(p.First.Name) || p.First.Value.GetRawText() == p.Second.Value.GetRawText()),
                $"{id}'s conversation.created data {created.GetProperty("data").GetRawText()} does not match GET {current.RootElement.GetRawText()}");
        }

        for (var position = 1; position <= EventLoad.MessagesEach; position++)
        {
            var e = events[position];
            var messageId = EventLoad.MessageIdOf(conversation, position);
            Require(Text(e, "type") == "message.created" && e.GetProperty("sequence").GetInt64() == position + 1 && Text(e, "id") == "evt_" + messageId[4..],
                $"{id}'s event {position + 1}: {e.GetRawText()}");
            var answered = await client.GetStringAsync($"/v1/messaging/conversations/{id}/messages/{messageId}");
            Require(e.GetProperty("data").GetRawText() == answered, $"{messageId}'s message.created data {e.GetProperty("data").GetRawText()} is not what GET answers: {answered}");
            Require(Text(e.GetProperty("data"), "content") == EventLoad.ContentOf(conversation, position), $"{messageId}'s content: {answered}");
        }

        return cursor;
    }

    /// <summary>
    /// Each redacted message's conversation now has one event more, its message.redacted, and the message's
    /// message.created (same id and sequence as loaded) carries the redacted message: no content, a redactedAt.
    /// </summary>
    public static async Task RedactedAsync(HttpClient client, IEnumerable<(long Conversation, int Position)> messages)
    {
        foreach (var (conversation, position) in messages)
        {
            var id = BulkLoad.ConversationIdOf(conversation);
            var messageId = EventLoad.MessageIdOf(conversation, position);
            var events = new List<JsonElement>();
            await EventFeed.WalkAsync(client, "conversationId=" + id, null, events.Add);
            Require(events.Count == EventLoad.EventsEach + 1, $"{id} has {events.Count} events after one redaction, not {EventLoad.EventsEach + 1}");

            var created = events[position];
            var redacted = events[^1];
            Require(Text(created, "id") == "evt_" + messageId[4..] && created.GetProperty("sequence").GetInt64() == position + 1, $"{messageId}'s message.created moved: {created.GetRawText()}");
            Require(Text(redacted, "type") == "message.redacted" && redacted.GetProperty("sequence").GetInt64() == EventLoad.EventsEach + 1
                && Text(redacted.GetProperty("data"), "id") == messageId, $"{id}'s last event is not {messageId}'s redaction: {redacted.GetRawText()}");
            var data = created.GetProperty("data");
            Require(Text(data, "content") == "" && data.GetProperty("redactedAt").ValueKind == JsonValueKind.String
                && data.GetRawText() == redacted.GetProperty("data").GetRawText(),
                $"{messageId}'s message.created was not redacted: {data.GetRawText()}");
        }
    }

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();

    private static void Require(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException("events scenario: " + failure);
        }
    }
}
