using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// One round of deliveries from the owner's event log through a channel (a webhook endpoint, an email surface's SMTP
/// server; the grain holds its life: waking, storing, stopping; this the delivery rules): redeliveries asked for,
/// then conversations due for a retry, then the next page of the log after the cursor. The channel's
/// <see cref="IDeliveryChannel.Sending"/> is read before every attempt, so a disabled or deleted endpoint stops within
/// one delivery. Pages are read whole and each event is sent only if the channel wanted its type when it was committed
/// (<see cref="DeliveryState.Wants"/>) and wants the event itself: the cursor passes the others, so a later change of
/// types never reaches back to them.
/// </summary>
internal sealed class DeliveryRound(
    DeliveryState state, IEventLog log, IDeliveryChannel channel, RetryRules rules, TimeProvider time, string owner)
{
    private const int PageSize = 256;
    private const int MaxLanes = 1000;

    /// <summary>Whether the round changed <see cref="DeliveryState"/> (so it must be stored).</summary>
    public bool Changed { get; private set; }

    /// <summary>True when the log may hold more right away (a full page was read).</summary>
    public async Task<bool> RunAsync()
    {
        await RedeliverAsync();
        var now = time.GetUtcNow().UtcDateTime;
        var due = state.Lanes.Where(l => l.Value.NextAttemptAt <= now).Select(l => l.Key).ToList();
        await ForEachAsync(due, RunLaneAsync);
        if (state.Lanes.Count >= MaxLanes || !Sending)
        {
            return false;
        }

        var page = await log.ReadAsync(owner, new EventQuery(state.Cursor, PageSize));
        var byConversation = page.Items.Where(e => !state.Lanes.ContainsKey(e.Event.ConversationId) && Wanted(e))
            .GroupBy(e => e.Event.ConversationId, StringComparer.Ordinal).ToList();
        var complete = true;
        await ForEachAsync(byConversation, async events =>
        {
            foreach (var e in events)
            {
                if (!Sending)
                {
                    complete = false;
                    return;
                }

                if (!await AttemptAsync(e, lane: null))
                {
                    return;
                }
            }
        });

        if (!complete)
        {
            return false; // Disabled or deleted mid-page: the cursor stays, the rest is not sent.
        }

        state.Cursor = page.Next;
        state.ForgetPassedTypes();
        Changed |= page.Items.Count > 0;
        return page.More;
    }

    private bool Sending => channel.Sending;

    private bool Wanted(StoredEvent e) => state.Wants(e) && channel.Wants(e);

    /// <summary>Sends a waiting conversation's events after its place, up to the cursor, until one fails again.</summary>
    private async Task RunLaneAsync(string conversationId)
    {
        var lane = state.Lanes[conversationId];
        while (Sending)
        {
            var page = await log.ReadAsync(owner, new EventQuery(lane.After, 64, conversationId));
            var mine = page.Items.Where(e => e.Position <= state.Cursor).ToList();
            if (mine.Count == 0)
            {
                state.Lanes.Remove(conversationId); // Caught up: the main page carries its next events.
                Changed = true;
                return;
            }

            foreach (var e in mine)
            {
                if (!Wanted(e))
                {
                    // Not wanted when it was committed: passed over, as the main page passes it.
                    lane.After = e.Position;
                    Changed = true;
                    continue;
                }

                if (!Sending || !await AttemptAsync(e, lane))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One attempt at <paramref name="e"/>. True when the conversation may go on (delivered, or given up);
    /// false when it must wait for a retry (it is, or becomes, a lane).
    /// </summary>
    private async Task<bool> AttemptAsync(StoredEvent e, DeliveryLane? lane)
    {
        var attempt = (lane?.Attempts ?? 0) + 1;
        var result = await channel.SendAsync(e, attempt);
        var now = time.GetUtcNow().UtcDateTime;
        Changed = true;
        if (result.Delivered || result.Skipped)
        {
            if (result.Delivered)
            {
                await channel.RecordAsync(e, attempt, result, DeliveryOutcome.Delivered, null, redelivery: false);
            }

            Resolve(e, lane);
            return true;
        }

        lane ??= state.Lanes[e.Event.ConversationId] = new DeliveryLane { After = DeliveryLane.Before(e.Position), FirstFailedAt = now };
        if (lane.Attempts == 0)
        {
            lane.FirstFailedAt = now;
        }

        if (result.Permanent || now - lane.FirstFailedAt >= rules.RetryFor)
        {
            // A permanent refusal (an SMTP 5xx) is given up at once: sending it again would be refused again.
            await channel.RecordAsync(e, attempt, result, DeliveryOutcome.Failed, null, redelivery: false);
            Resolve(e, lane);
            return true;
        }

        lane.Attempts = attempt;
        lane.NextAttemptAt = now + RetrySchedule.After(attempt, rules.FirstRetryDelay);
        await channel.RecordAsync(e, attempt, result, DeliveryOutcome.Retrying, lane.NextAttemptAt, redelivery: false);
        return false;
    }

    private static void Resolve(StoredEvent e, DeliveryLane? lane)
    {
        if (lane is not null)
        {
            lane.After = e.Position;
            lane.Attempts = 0;
        }
    }

    private async Task RedeliverAsync()
    {
        // In the order asked; each leaves the queue once sent (the queue is bounded, WebhooksOptions.MaxWaitingRedeliveries).
        while (state.Redeliveries.Count > 0 && Sending)
        {
            var asked = state.Redeliveries[0];
            var page = await log.ReadAsync(owner, new EventQuery(DeliveryLane.Before(asked.Position), 1, asked.ConversationId));
            if (page.Items is [var e] && e.Event.Id == asked.EventId)
            {
                var attempt = state.Recent.Where(d => d.EventId == asked.EventId).Select(d => d.Attempt).DefaultIfEmpty(0).Max() + 1;
                var result = await channel.SendAsync(e, attempt);
                await channel.RecordAsync(e, attempt, result, result.Delivered ? DeliveryOutcome.Delivered : DeliveryOutcome.Failed, null, redelivery: true);
            }

            state.Redeliveries.RemoveAt(0);
            Changed = true;
        }
    }

    private async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> action)
    {
        var running = new List<Task>();
        foreach (var item in items)
        {
            if (running.Count >= rules.Concurrency)
            {
                running.Remove(await Task.WhenAny(running));
            }

            running.Add(action(item));
        }

        await Task.WhenAll(running);
    }
}
