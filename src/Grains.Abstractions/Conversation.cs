namespace Runtype.Grains;

/// <summary>A conversation as stored: identity, client fields and the counters its grain keeps.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.Conversation")]
public sealed record Conversation
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Owner { get; init; }
    [Id(2)] public required ConversationFields Fields { get; init; }
    [Id(3)] public long MessageCount { get; init; }
    [Id(4)] public DateTime? LastMessageAt { get; init; }
    [Id(5)] public DateTime CreatedAt { get; init; }
    [Id(6)] public DateTime UpdatedAt { get; init; }

    /// <summary>Increases by one on every change; the HTTP ETag.</summary>
    [Id(7)] public long Version { get; init; }
}
