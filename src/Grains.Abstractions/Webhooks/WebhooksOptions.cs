namespace Runtype.Grains.Webhooks;

/// <summary>Webhook delivery. Section <c>Webhooks</c>; the API reads it for registration, silos for delivery.</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Allows <c>http</c> URLs and loopback, link-local and private addresses (Development sets it).</summary>
    public bool AllowInsecureTargets { get; set; }

    /// <summary>How long a failing event is retried before it is given up (marked failed).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a receiver has to answer one delivery.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's delay before jitter; each retry doubles it, up to one hour.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a reminder wakes each endpoint's deliveries when nothing else does (after a crash or restart).
    /// Orleans' reminders take at least a minute unless this is shorter, which tests use.
    /// </summary>
    public TimeSpan WakeEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many deliveries of one endpoint in flight at once (one per conversation).</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// At most this many redeliveries may wait for one endpoint; one more is refused (409) until they are sent. The
    /// same event asked for again while it waits is the same redelivery.
    /// </summary>
    public int MaxWaitingRedeliveries { get; set; } = 100;
}
