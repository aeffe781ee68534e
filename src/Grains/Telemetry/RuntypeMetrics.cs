using System.Diagnostics.Metrics;

namespace Runtype.Grains.Telemetry;

/// <summary>
/// The domain's own instruments, on the meter named <see cref="MeterName"/>. Instruments cost next to nothing
/// until a listener (OpenTelemetry, dotnet-counters) subscribes to the meter.
/// </summary>
public static class RuntypeMetrics
{
    public const string MeterName = "Runtype";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> MessagesAppended = Meter.CreateCounter<long>(
        "runtype.messages.appended", "{message}", "Messages accepted and stored (201s).");

    public static readonly Counter<long> MessagesImported = Meter.CreateCounter<long>(
        "runtype.messages.imported", "{message}", "Messages stored by history imports (skipped ones not counted).");

    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>(
        "runtype.messages.append.duration", "s", "Time a conversation grain takes to accept and durably store one message.");

    public static readonly Counter<long> DuplicateMessages = Meter.CreateCounter<long>(
        "runtype.messages.deduplicated", "{message}", "Posts answered with an already stored message (same externalMessageId).");

    public static readonly UpDownCounter<long> ActiveConversations = Meter.CreateUpDownCounter<long>(
        "runtype.conversations.active", "{conversation}", "Conversation grains active in this silo.");

    public static readonly Histogram<int> AppendGroupSize = Meter.CreateHistogram<int>(
        "runtype.store.append_group.size", "{message}", "Appends committed together in one transaction (group commit, PostgreSQL).");

    public static readonly Histogram<int> AppendBatchSize = Meter.CreateHistogram<int>(
        "runtype.conversation.append_batch.size", "{message}", "Messages of one conversation committed together in one store write (write batching under concurrent posts).");

    public static readonly Counter<long> IdempotentReplays = Meter.CreateCounter<long>(
        "runtype.idempotency.replays", "{request}", "POSTs answered by replaying the first response for their Idempotency-Key.");

    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "runtype.webhooks.deliveries", "{attempt}", "Webhook delivery attempts, tagged outcome = delivered, retrying or failed.");

    public static readonly Counter<long> WebhooksGivenUp = Meter.CreateCounter<long>(
        "runtype.webhooks.given_up", "{event}", "Events a webhook endpoint kept refusing until Webhooks:RetryFor ran out: marked failed, not sent again.");
}
