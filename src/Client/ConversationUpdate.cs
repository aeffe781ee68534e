using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runtype.Client;

/// <summary>
/// The body of update conversation. Only the fields you set are sent: a field set replaces the stored value (a
/// nullable field set to null clears it); a field left alone is unchanged. At least one field must be set.
/// </summary>
public sealed record ConversationUpdate
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string> SurfaceId { get; init; }

    /// <summary>One of <see cref="ConversationStatuses"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string> Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string?> Subject { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string?> ParticipantName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string?> ParticipantEmail { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string?> ExternalParticipantId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string?> ExternalThreadId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string?> Timezone { get; init; }

    /// <summary>A JSON object that replaces the whole context.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<JsonElement> Context { get; init; }

    /// <summary>A JSON object that replaces the whole participant metadata.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<JsonElement> ParticipantMetadata { get; init; }

    /// <summary>The conversation's own inactivity close rule; null returns it to the surface's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<TimeSpan?> AutoCloseAfter { get; init; }

    /// <summary>The conversation's own inactivity archive rule; null returns it to the surface's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<TimeSpan?> AutoArchiveAfter { get; init; }
}
