using System.Text.Json;

namespace Runtype.Client;

/// <summary>The body of create conversation; fields left null are not sent (the API's defaults apply).</summary>
public sealed record CreateConversationRequest
{
    public required string SurfaceId { get; init; }

    /// <summary>One of <see cref="ConversationStatuses"/>; <c>open</c> when null.</summary>
    public string? Status { get; init; }

    public string? Subject { get; init; }

    public string? ParticipantName { get; init; }

    public string? ParticipantEmail { get; init; }

    public string? ExternalParticipantId { get; init; }

    /// <summary>Unique per owner and surface: a second conversation with it is a 409.</summary>
    public string? ExternalThreadId { get; init; }

    /// <summary>An IANA time zone id, such as <c>America/New_York</c>.</summary>
    public string? Timezone { get; init; }

    /// <summary>A JSON object; <c>{}</c> when null.</summary>
    public JsonElement? Context { get; init; }

    /// <summary>A JSON object; <c>{}</c> when null.</summary>
    public JsonElement? ParticipantMetadata { get; init; }

    /// <summary>Close the conversation after this long without a change (at least a minute); null: the surface's rule.</summary>
    public TimeSpan? AutoCloseAfter { get; init; }

    /// <summary>Archive the closed conversation after this long untouched (at least a minute); null: the surface's rule.</summary>
    public TimeSpan? AutoArchiveAfter { get; init; }
}
