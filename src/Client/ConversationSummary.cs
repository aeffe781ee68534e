namespace Runtype.Client;

/// <summary>A conversation as the list answers it (without context, participant metadata and surface).</summary>
public sealed record ConversationSummary(
    string Id,
    string SurfaceId,
    string Status,
    string? Subject,
    string? ParticipantName,
    string? ParticipantEmail,
    string? ExternalParticipantId,
    string? ExternalThreadId,
    string? Timezone,
    long MessageCount,
    DateTimeOffset? LastMessageAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
