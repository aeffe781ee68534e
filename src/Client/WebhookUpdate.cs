using System.Text.Json.Serialization;

namespace Runtype.Client;

/// <summary>The body of update webhook: only the fields set are sent (at least one); <see cref="Types"/> set to null means every type.</summary>
public sealed record WebhookUpdate
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<Uri> Url { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string[]?> Types { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string?> Description { get; init; }

    /// <summary>false: no events are sent to it until it is enabled again.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<bool> Enabled { get; init; }
}
