using System.Text.Json;

namespace Runtype.Client;

/// <summary>
/// A message of a conversation. <see cref="RedactedAt"/> is set once its content and metadata were erased (<c>RedactMessageAsync</c>);
/// <see cref="Delivery"/> only on a message the server emails.
/// </summary>
public sealed record Message(
    string Id,
    string ConversationId,
    string Role,
    string? Direction,
    string Content,
    string? ExternalMessageId,
    string? FlowStepResultId,
    JsonElement Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RedactedAt = null,
    MessageDelivery? Delivery = null);
