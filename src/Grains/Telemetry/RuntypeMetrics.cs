using System.Diagnostics.Metrics;

namespace Runtype.Grains.Telemetry;

/// <summary>
/// The domain's own instruments, on the meter named <see cref="MeterName"/>. Instruments cost next to nothing
/// until a listener (OpenTelemetry, dotnet-counters) subscribes to the meter. No tag names an owner, a conversation,
/// a key or content: a tag's values are a handful of fixed words, so the metrics reveal volumes and delays only
/// (docs/configuration.md, "Metrics").
/// </summary>
public static class RuntypeMetrics
{
    public const string MeterName = "Runtype";

    // OpenTelemetry's default buckets (0 to 10,000) suit milliseconds, not seconds or batch sizes, so each histogram
    // advises its own (the ASP.NET Core request duration does the same). Commits are milliseconds on a healthy database.
    private static readonly double[] WriteSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // A reminder is late by less than its period (at most an hour); a webhook event waits up to Webhooks:RetryFor (a day).
    private static readonly double[] DelaySeconds = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400];

    // Powers of two up to GroupCommit's largest group (256).
    private static readonly int[] Sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> MessagesAppended = Meter.CreateCounter<long>(
        "runtype.messages.appended", "{message}", "Messages accepted and stored (201s).");

    public static readonly Counter<long> MessagesImported = Meter.CreateCounter<long>(
        "runtype.messages.imported", "{message}", "Messages stored by history imports (skipped ones not counted).");

    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram(
        "runtype.messages.append.duration", "s", "Time a conversation grain takes to accept and durably store one message.", advice: Buckets(WriteSeconds));

    public static readonly Counter<long> DuplicateMessages = Meter.CreateCounter<long>(
        "runtype.messages.deduplicated", "{message}", "Posts answered with an already stored message (same externalMessageId).");

    public static readonly UpDownCounter<long> ActiveConversations = Meter.CreateUpDownCounter<long>(
        "runtype.conversations.active", "{conversation}", "Conversation grains active in this silo.");

    public static readonly Histogram<int> AppendGroupSize = Meter.CreateHistogram(
        "runtype.store.append_group.size", "{message}", "Appends committed together in one transaction (group commit, PostgreSQL).", advice: Buckets(Sizes));

    public static readonly Histogram<int> AppendBatchSize = Meter.CreateHistogram(
        "runtype.conversation.append_batch.size", "{message}",
        "Messages of one conversation committed together in one store write (write batching under concurrent posts).", advice: Buckets(Sizes));

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "runtype.store.commit.duration", "s",
        "Time the database takes for one statement or transaction that commits messages: a group commit's, a conversation's batch's or one post's.",
        advice: Buckets(WriteSeconds));

    public static readonly Counter<long> StoreErrors = Meter.CreateCounter<long>(
        "runtype.store.errors", "{error}",
        "Failed store calls, tagged kind = transient (unavailable, or asked to retry: a 503), permanent (a refused statement: a 500) or "
        + "unknown_outcome (a write cut off after it reached the server: it may have committed).");

    public static readonly Counter<long> IdempotentReplays = Meter.CreateCounter<long>(
        "runtype.idempotency.replays", "{request}", "POSTs answered by replaying the first response for their Idempotency-Key.");

    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "runtype.webhooks.deliveries", "{attempt}", "Webhook delivery attempts, tagged outcome = delivered, retrying or failed.");

    public static readonly Counter<long> WebhooksGivenUp = Meter.CreateCounter<long>(
        "runtype.webhooks.given_up", "{event}", "Events a webhook endpoint kept refusing until Webhooks:RetryFor ran out: marked failed, not sent again.");

    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>(
        "runtype.email.sends", "{attempt}", "Outbound email attempts of email surfaces, tagged outcome = delivered, retrying or failed.");

    public static readonly Counter<long> EmailsReceived = Meter.CreateCounter<long>(
        "runtype.email.received", "{mail}", "Mails read from email surfaces' mailboxes that became messages.");

    public static readonly Counter<long> MailboxPolls = Meter.CreateCounter<long>(
        "runtype.email.polls", "{poll}", "Polls of email surfaces' mailboxes, tagged outcome = ok or error.");

    public static readonly Counter<long> RemindersFired = Meter.CreateCounter<long>(
        "runtype.reminders.fired", "{reminder}", "Reminder ticks received by grains, tagged reminder = inactivity, webhook_delivery or email.");

    public static readonly Histogram<double> ReminderLateness = Meter.CreateHistogram(
        "runtype.reminders.lateness", "s", "How long after its scheduled time a reminder tick fired, tagged reminder.", advice: Buckets(DelaySeconds));

    public static readonly Histogram<double> FeedLag = Meter.CreateHistogram(
        "runtype.events.feed.lag", "s",
        "Age of each event when handed to a consumer (now minus its createdAt), tagged consumer = stream (a live SSE client) or webhook (delivered).",
        advice: Buckets(DelaySeconds));

    /// <summary>A failed store call of <paramref name="kind"/> (<see cref="StoreErrorKinds"/>).</summary>
    public static void StoreError(string kind) => StoreErrors.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>An event handed to <paramref name="consumer"/> (<see cref="FeedConsumers"/>) at <paramref name="now"/>.</summary>
    public static void EventHandedOver(string consumer, DateTime createdAt, DateTime now) =>
        FeedLag.Record(Math.Max(0, (now - createdAt).TotalSeconds), new KeyValuePair<string, object?>("consumer", consumer));

    /// <summary>
    /// A tick of reminder kind <paramref name="reminder"/>. Orleans schedules ticks at FirstTickTime + n × Period and skips
    /// those it missed, so the tick this one stands for is the last such time at or before CurrentTickTime (when the silo
    /// began delivering it): lateness is the time since then.
    /// </summary>
    public static void ReminderFired(string reminder, TickStatus status)
    {
        var tag = new KeyValuePair<string, object?>("reminder", reminder);
        RemindersFired.Add(1, tag);
        var sinceFirst = status.CurrentTickTime - status.FirstTickTime;
        var late = sinceFirst <= TimeSpan.Zero ? TimeSpan.Zero
            : status.Period > TimeSpan.Zero ? TimeSpan.FromTicks(sinceFirst.Ticks % status.Period.Ticks)
            : sinceFirst;
        ReminderLateness.Record(late.TotalSeconds, tag);
    }

    private static InstrumentAdvice<T> Buckets<T>(T[] boundaries)
        where T : struct => new() { HistogramBucketBoundaries = boundaries };
}
