namespace Runtype.Client;

/// <summary>Which messages a search may return besides matching its words; every filter set must match (exactly).</summary>
public sealed record MessageSearchFilter
{
    public string? ConversationId { get; init; }

    public string? SurfaceId { get; init; }

    /// <summary>The status of the message's conversation, one of <see cref="ConversationStatuses"/>.</summary>
    public string? Status { get; init; }

    /// <summary><c>user</c>, <c>assistant</c> or <c>system</c>.</summary>
    public string? Role { get; init; }

    /// <summary><c>inbound</c> or <c>outbound</c>.</summary>
    public string? Direction { get; init; }

    /// <summary>Only messages created strictly after this instant (the API compares whole milliseconds).</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Only messages created strictly before this instant (the API compares whole milliseconds).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>The conversation's participant e-mail.</summary>
    public string? ParticipantEmail { get; init; }
}
