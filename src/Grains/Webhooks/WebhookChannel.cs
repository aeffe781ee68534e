using Runtype.Grains.Events;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// A webhook endpoint as a delivery channel: POSTs each event (<see cref="WebhookSender"/>) to the endpoint as
/// <paramref name="target"/> last gave it (null or disabled: no attempt begins), and keeps each attempt in the
/// endpoint's recent deliveries.
/// </summary>
internal sealed class WebhookChannel(DeliveryState state, WebhookSender sender, TimeProvider time, Func<WebhookTarget?> target) : IDeliveryChannel
{
    public bool Sending => target() is { Webhook.Enabled: true };

    public bool Wants(StoredEvent e) => true;

    public async Task<SendResult> SendAsync(StoredEvent e, int attempt) =>
        await sender.SendAsync(target()!, e.Event, CancellationToken.None);

    public Task RecordAsync(StoredEvent e, int attempt, SendResult result, DeliveryOutcome outcome, DateTime? next, bool redelivery)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (outcome == DeliveryOutcome.Delivered && !redelivery)
        {
            // Redeliveries asked for later are left out: their age is the asker's choice, not the feed's lag.
            RuntypeMetrics.EventHandedOver(FeedConsumers.Webhook, e.Event.CreatedAt, now);
        }

        if (outcome == DeliveryOutcome.Failed && !redelivery)
        {
            RuntypeMetrics.WebhooksGivenUp.Add(1);
        }

        RuntypeMetrics.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
        state.Record(new WebhookDelivery
        {
            EventId = e.Event.Id, EventType = EventTypes.Name(e.Event.Type), ConversationId = e.Event.ConversationId, Attempt = attempt,
            Outcome = outcome, StatusCode = result.StatusCode, Error = result.Error, ResponseBody = result.ResponseBody,
            DurationMs = Math.Round(result.DurationMs, 1), AttemptedAt = now, NextAttemptAt = next,
            Redelivery = redelivery, Position = e.Position,
        });
        return Task.CompletedTask;
    }
}
