namespace Runtype.Grains;

/// <summary>
/// The client-settable part of a conversation. <see cref="Context"/> and
/// <see cref="ParticipantMetadata"/> hold compact JSON object text.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.ConversationFields")]
public sealed record ConversationFields
{
    [Id(0)] public required string SurfaceId { get; init; }
    [Id(1)] public ConversationStatus Status { get; init; }
    [Id(2)] public string? Subject { get; init; }
    [Id(3)] public string? ParticipantName { get; init; }
    [Id(4)] public string? ParticipantEmail { get; init; }
    [Id(5)] public string? ExternalParticipantId { get; init; }
    [Id(6)] public string? ExternalThreadId { get; init; }
    [Id(7)] public string? Timezone { get; init; }
    [Id(8)] public string Context { get; init; } = "{}";
    [Id(9)] public string ParticipantMetadata { get; init; } = "{}";

    /// <summary>How long an open conversation may go without a change before it closes; null: the surface's rule.</summary>
    [Id(10)] public TimeSpan? AutoCloseAfter { get; init; }

    /// <summary>How long a closed conversation may stay untouched before it is archived; null: the surface's rule.</summary>
    [Id(11)] public TimeSpan? AutoArchiveAfter { get; init; }
}
