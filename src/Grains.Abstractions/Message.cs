namespace Runtype.Grains;

/// <summary>An accepted message. <see cref="Position"/> is its 1-based place in the conversation's order.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.Message")]
public sealed record Message
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string ConversationId { get; init; }
    [Id(2)] public long Position { get; init; }
    [Id(3)] public MessageRole Role { get; init; }
    [Id(4)] public MessageDirection Direction { get; init; }
    [Id(5)] public required string Content { get; init; }
    [Id(6)] public string? ExternalMessageId { get; init; }
    [Id(7)] public string? FlowStepResultId { get; init; }
    [Id(8)] public string Metadata { get; init; } = "{}";
    [Id(9)] public DateTime CreatedAt { get; init; }

    /// <summary>When the message's content and metadata were erased (DELETE of the message); null while it keeps them.</summary>
    [Id(10)] public DateTime? RedactedAt { get; init; }

    /// <summary>How its emailing stands; null on a message that is not emailed.</summary>
    [Id(11)] public MessageDelivery? Delivery { get; init; }
}
