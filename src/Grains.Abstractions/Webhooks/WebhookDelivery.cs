namespace Runtype.Grains.Webhooks;

/// <summary>How one delivery attempt ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>The receiver answered 2xx in time.</summary>
    Delivered = 1,

    /// <summary>It failed; another attempt is due at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Retrying = 2,

    /// <summary>It failed and the retry window (<c>Webhooks:RetryFor</c>) is over: given up.</summary>
    Failed = 3,
}

/// <summary>One attempt to deliver one event to one endpoint, as the delivery log keeps it.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.WebhookDelivery")]
public sealed record WebhookDelivery
{
    [Id(0)] public required string EventId { get; init; }

    [Id(1)] public required string EventType { get; init; }

    [Id(2)] public required string ConversationId { get; init; }

    /// <summary>1 for the first attempt at this event, then one more per retry; a redelivery counts on.</summary>
    [Id(3)] public required int Attempt { get; init; }

    [Id(4)] public required DeliveryOutcome Outcome { get; init; }

    /// <summary>The receiver's HTTP status, or null when no answer came (see <see cref="Error"/>).</summary>
    [Id(5)] public int? StatusCode { get; init; }

    /// <summary>Why no 2xx: a timeout, a refused address, a connection error. Never the receiver's body.</summary>
    [Id(6)] public string? Error { get; init; }

    /// <summary>The receiver's answer body, at most 1 KiB, kept only when the attempt failed.</summary>
    [Id(7)] public string? ResponseBody { get; init; }

    [Id(8)] public required double DurationMs { get; init; }

    [Id(9)] public required DateTime AttemptedAt { get; init; }

    [Id(10)] public DateTime? NextAttemptAt { get; init; }

    /// <summary>Whether this attempt was asked for by a redeliver call (outside the per-conversation order).</summary>
    [Id(11)] public bool Redelivery { get; init; }

    /// <summary>Where the event is in the owner's log, so it can be sent again.</summary>
    [Id(12)] public required Events.EventPosition Position { get; init; }
}
