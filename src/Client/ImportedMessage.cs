using System.Text.Json;

namespace Runtype.Client;

/// <summary>One message of a history import: the create-message fields and the time it was originally written.</summary>
public sealed record ImportedMessage
{
    /// <summary>1 to 100,000 characters.</summary>
    public required string Content { get; init; }

    /// <summary><c>user</c>, <c>assistant</c> or <c>system</c>.</summary>
    public required string Role { get; init; }

    /// <summary><c>inbound</c> or <c>outbound</c>; from the role when null.</summary>
    public string? Direction { get; init; }

    /// <summary>A message whose id the conversation (or the batch, earlier) already holds is skipped.</summary>
    public string? ExternalMessageId { get; init; }

    public string? FlowStepResultId { get; init; }

    /// <summary>A JSON object; <c>{}</c> when null.</summary>
    public JsonElement? Metadata { get; init; }

    /// <summary>Kept to the millisecond; not before the conversation's last message, not after the server's now.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
