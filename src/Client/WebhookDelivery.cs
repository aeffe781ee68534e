namespace Runtype.Client;

/// <summary>One attempt to deliver one event to a webhook endpoint.</summary>
public sealed record WebhookDelivery(
    string EventId,
    string EventType,
    string ConversationId,
    int Attempt,
    string Outcome,
    int? StatusCode,
    string? Error,
    string? ResponseBody,
    double DurationMs,
    DateTimeOffset AttemptedAt,
    DateTimeOffset? NextAttemptAt,
    bool Redelivery);
