namespace Runtype.Grains.Events;

/// <summary>
/// One committed change of a conversation, written by the store in the same transaction as the change (an outbox).
/// <see cref="Data"/> and <see cref="PreviousAttributes"/> are the wire JSON, rendered once when the change is made,
/// so the feed, the stream and webhooks send the same bytes the write's response carried.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.ConversationEvent")]
public sealed record ConversationEvent
{
    /// <summary><c>evt_</c> + ULID.</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required EventType Type { get; init; }

    [Id(2)] public required DateTime CreatedAt { get; init; }

    [Id(3)] public required string Owner { get; init; }

    [Id(4)] public required string ConversationId { get; init; }

    /// <summary>The conversation's version after this event: 1 for <c>conversation.created</c>, then one more per event.</summary>
    [Id(5)] public required long Sequence { get; init; }

    /// <summary>The event's <c>data</c> as JSON text.</summary>
    [Id(6)] public required string Data { get; init; }

    /// <summary>A JSON object with the previous value of each changed field (<c>conversation.updated</c>), else null.</summary>
    [Id(7)] public string? PreviousAttributes { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the request that made the change, so readers can continue its trace.</summary>
    [Id(8)] public string? TraceParent { get; init; }

    /// <summary>
    /// Whether this is the <c>message.created</c> of the message whose data starts with <paramref name="messagePrefix"/>
    /// (<see cref="Wire.MessageJson.Prefix"/>) in <paramref name="conversationId"/>: the copy a redaction rewrites.
    /// </summary>
    public bool Creates(string conversationId, string messagePrefix) =>
        Type == EventType.MessageCreated && ConversationId == conversationId && Data.StartsWith(messagePrefix, StringComparison.Ordinal);

    /// <summary>Why the server made this change itself (<c>inactivity</c>); null for a change a client asked for.</summary>
    [Id(9)] public string? Reason { get; init; }
}
