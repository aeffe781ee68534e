using System.Text.Json;

namespace Runtype.Client;

/// <summary>A conversation in its detailed form, as get, create and update answer it.</summary>
public sealed record Conversation(
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
    DateTimeOffset UpdatedAt,
    JsonElement Context,
    JsonElement ParticipantMetadata,
    TimeSpan? AutoCloseAfter,
    TimeSpan? AutoArchiveAfter,
    SurfaceReference? Surface);
