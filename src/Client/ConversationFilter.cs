namespace Runtype.Client;

/// <summary>Which conversations a list returns; every filter set must match (exactly).</summary>
public sealed record ConversationFilter
{
    public string? SurfaceId { get; init; }

    /// <summary>One of <see cref="ConversationStatuses"/>.</summary>
    public string? Status { get; init; }

    public string? ExternalThreadId { get; init; }

    public string? ParticipantEmail { get; init; }
}
