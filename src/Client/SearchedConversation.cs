namespace Runtype.Client;

/// <summary>The conversation of a search hit: enough to show whose it is without a get of each.</summary>
public sealed record SearchedConversation(
    string Id,
    string SurfaceId,
    string Status,
    string? Subject,
    string? ParticipantName,
    string? ParticipantEmail);
