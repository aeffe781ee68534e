using System.Text.Json;

namespace Runtype.Client;

/// <summary>A message of a conversation.</summary>
public sealed record Message(
    string Id,
    string ConversationId,
    string Role,
    string? Direction,
    string Content,
    string? ExternalMessageId,
    string? FlowStepResultId,
    JsonElement Metadata,
    DateTimeOffset CreatedAt);
