using Runtype.Grains.Events;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// Where a <see cref="DeliveryRound"/> sends the events it reads from the log: a webhook endpoint
/// (<see cref="WebhookChannel"/>) or an email surface's SMTP server (<c>Email.EmailChannel</c>). The round keeps the
/// order per conversation, the lanes, the retries and the cursor; a channel says what it wants, sends one event and
/// records each outcome.
/// </summary>
internal interface IDeliveryChannel
{
    /// <summary>Whether attempts may begin now; read before each one (a disabled endpoint, removed settings: false).</summary>
    bool Sending { get; }

    /// <summary>Whether the event is this channel's to send; the round's cursor passes the others.</summary>
    bool Wants(StoredEvent e);

    /// <summary>One attempt; <paramref name="attempt"/> counts from 1 for this event.</summary>
    Task<SendResult> SendAsync(StoredEvent e, int attempt);

    /// <summary>What became of an attempt, once the round decided (delivered, retrying at <paramref name="next"/>, given up).</summary>
    Task RecordAsync(StoredEvent e, int attempt, SendResult result, DeliveryOutcome outcome, DateTime? next, bool redelivery);
}

/// <summary>How a round retries: conversations in flight at once, how long an event is retried, the first retry's delay.</summary>
internal readonly record struct RetryRules(int Concurrency, TimeSpan RetryFor, TimeSpan FirstRetryDelay);
