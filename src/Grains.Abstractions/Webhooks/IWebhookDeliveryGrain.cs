using Orleans.Concurrency;
using Runtype.Grains.Events;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// One per endpoint (key = <see cref="GrainKeys.Compose"/>(owner, endpoint id)): reads the owner's event log from
/// where it last stopped and POSTs each event the endpoint wants, in <c>sequence</c> order per conversation,
/// retrying failures with backoff until <c>Webhooks:RetryFor</c>. Its place in the log, the conversations waiting
/// for a retry and the recent attempts are stored; a reminder in the configured database wakes it after a crash.
/// </summary>
[Alias("Runtype.IWebhookDeliveryGrain")]
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a new endpoint's deliveries at the owner's newest event (earlier events are not sent), for the event
    /// <paramref name="types"/> it is registered with (null: every type).
    /// </summary>
    [Alias("Start")]
    Task Start(IReadOnlyList<EventType>? types);

    /// <summary>New events may be in the log, or the endpoint changed. Fire and forget.</summary>
    [OneWay, AlwaysInterleave, Alias("Wake")]
    Task Wake();

    /// <summary>
    /// The endpoint changed (disabled, enabled, a new URL, types or secret): no attempt begins after this call
    /// returns with what it replaced; attempts already under way finish.
    /// </summary>
    [AlwaysInterleave, Alias("Changed")]
    Task Changed(WebhookTarget target);

    /// <summary>The endpoint was deleted: forget everything and stop waking up.</summary>
    [Alias("Stop")]
    Task Stop();

    /// <summary>The most recent attempts, newest first, at most <paramref name="limit"/>.</summary>
    [AlwaysInterleave, Alias("Recent")]
    Task<IReadOnlyList<WebhookDelivery>> Recent(int limit);

    /// <summary>
    /// Sends the event once more, outside the per-conversation order. <see cref="RedeliveryOutcome.UnknownEvent"/> when
    /// the event is not among this endpoint's recorded attempts (only those can be sent again); the same event asked
    /// for while it waits is accepted once; <see cref="RedeliveryOutcome.Full"/> while
    /// <see cref="WebhooksOptions.MaxWaitingRedeliveries"/> wait.
    /// </summary>
    [AlwaysInterleave, Alias("Redeliver")]
    Task<RedeliveryOutcome> Redeliver(string eventId);
}

[GenerateSerializer, Alias("Runtype.RedeliveryOutcome")]
public enum RedeliveryOutcome
{
    Accepted = 0,
    UnknownEvent = 1,
    Full = 2,
}
