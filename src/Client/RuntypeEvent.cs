using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runtype.Client;

/// <summary>
/// One event of the owner's log (the feed, the stream, a webhook body). <see cref="Data"/> is the Conversation, the
/// Message or <c>{ "id" }</c>, as the API answered the change; unknown types may appear and should be ignored.
/// </summary>
public sealed record RuntypeEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("data")] JsonElement Data,
    [property: JsonPropertyName("previousAttributes")] JsonElement? PreviousAttributes)
{
    /// <summary>Why the server made this change by itself (<c>inactivity</c>); null for changes a client asked for.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>On the stream, the event's cursor (its SSE <c>id</c>): resume after it with <c>Last-Event-ID</c>.</summary>
    [JsonIgnore]
    public string? Cursor { get; init; }
}
