using System.Text.Json;

namespace Runtype.Client;

/// <summary>The body of create message; fields left null are not sent.</summary>
public sealed record CreateMessageRequest
{
    /// <summary>1 to 100,000 characters.</summary>
    public required string Content { get; init; }

    /// <summary><c>user</c>, <c>assistant</c> or <c>system</c>.</summary>
    public required string Role { get; init; }

    /// <summary><c>inbound</c> or <c>outbound</c>; from the role when null (<c>user</c> is inbound, the others outbound).</summary>
    public string? Direction { get; init; }

    /// <summary>A second post with an id already in the conversation creates nothing and answers the stored message.</summary>
    public string? ExternalMessageId { get; init; }

    public string? FlowStepResultId { get; init; }

    /// <summary>A JSON object; <c>{}</c> when null.</summary>
    public JsonElement? Metadata { get; init; }
}
