using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// Delivers one endpoint's events (docs/webhooks.md). One loop at a time runs rounds: conversations due for a
/// retry first, then the next page of the log after the cursor, each conversation's events one after another and
/// up to <see cref="WebhooksOptions.Concurrency"/> conversations at once. A conversation whose event fails becomes
/// a lane and waits; the others go on. The state is stored after each round; the reminder wakes the grain after a
/// crash, commits wake it at once. Calls interleave with the loop only at its awaits.
/// </summary>
public sealed class WebhookDeliveryGrain(
    [PersistentState("webhook-delivery", GrainStorageNames.Default)] IPersistentState<DeliveryState> state,
    IEventLog log,
    WebhookSender sender,
    IOptions<WebhooksOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryGrain> logger) : Grain, IWebhookDeliveryGrain, IRemindable
{
    private const string ReminderName = "deliver";
    /// <summary>How long the loop keeps looking after its last delivery before it waits for a wake-up or the reminder.</summary>
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(5);

    /// <summary>Writes from the loop and from calls go one after another.</summary>
    private readonly WriteTurns _writes = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private WebhookTarget? _target;
    private bool _stopped;
    private bool _dirty;

    /// <summary>Until when the loop keeps looking at the log when it finds nothing (see <see cref="WakeUp"/>).</summary>
    private DateTimeOffset _lookUntil;

    private (string Owner, string Id) Key => GrainKeys.Parse(this.GetPrimaryKeyString());

    private WebhooksOptions Options => options.Value;

    async Task IWebhookDeliveryGrain.Start(IReadOnlyList<EventType>? types)
    {
        if (!state.State.Started)
        {
            state.State.Cursor = await log.LatestAsync(Key.Owner);
            state.State.Started = true;
            state.State.TakeTypes(types, since: null);
            await WriteAsync();
        }

        await this.RegisterOrUpdateReminder(ReminderName, Options.WakeEvery, Options.WakeEvery);
    }

    Task IWebhookDeliveryGrain.Changed(WebhookTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Adopt(target);
        WakeUp();
        return Task.CompletedTask;
    }

    Task IWebhookDeliveryGrain.Wake()
    {
        WakeUp();
        return Task.CompletedTask;
    }

    async Task IWebhookDeliveryGrain.Stop()
    {
        _stopped = true;
        _wake.TrySetResult();
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await _writes.RunAsync(state.ClearStateAsync);

        this.DeactivateOnIdle();
    }

    Task<IReadOnlyList<WebhookDelivery>> IWebhookDeliveryGrain.Recent(int limit) =>
        Task.FromResult<IReadOnlyList<WebhookDelivery>>(state.State.Recent.Take(Math.Max(0, limit)).ToList());

    async Task<RedeliveryOutcome> IWebhookDeliveryGrain.Redeliver(string eventId)
    {
        if (state.State.Recent.FirstOrDefault(d => d.EventId == eventId) is not { } known)
        {
            return RedeliveryOutcome.UnknownEvent;
        }

        // Asked again while it waits: the same redelivery, nothing written. The queue is bounded, so neither the state
        // written on each change nor the work a disabled endpoint keeps waiting grows with the number of requests.
        if (state.State.Redeliveries.Any(d => d.EventId == eventId))
        {
            WakeUp();
            return RedeliveryOutcome.Accepted;
        }

        if (state.State.Redeliveries.Count >= Options.MaxWaitingRedeliveries)
        {
            return RedeliveryOutcome.Full;
        }

        state.State.Redeliveries.Add(known);
        await WriteAsync();
        WakeUp();
        return RedeliveryOutcome.Accepted;
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        RuntypeMetrics.ReminderFired("webhook_delivery", status);
        if (state.State.Started)
        {
            WakeUp(eager: false);
        }
        else if (await this.GetReminder(reminderName) is { } left)
        {
            // Left by an endpoint that was deleted, or whose registration did not complete.
            await this.UnregisterReminder(left);
        }
    }

    /// <param name="eager">
    /// After a commit or a change: keep looking for a few seconds, since the log can show a commit's event a little
    /// after its wake-up. A reminder's tick is not eager: one look, and the loop ends if there is nothing to do.
    /// </param>
    private void WakeUp(bool eager = true)
    {
        if (_stopped || !state.State.Started)
        {
            return;
        }

        if (eager)
        {
            KeepLooking(time.GetUtcNow());
        }

        _wake.TrySetResult();
        if (_loop is null || _loop.IsCompleted)
        {
            _loop = LoopAsync();
        }
    }

    /// <summary>
    /// Takes <paramref name="target"/> unless a newer one is already here: a read of the endpoint that began before a
    /// change can come back after <see cref="IWebhookDeliveryGrain.Changed"/> delivered it. A change of types is kept
    /// with the state (<see cref="DeliveryState.TakeTypes"/>): it applies to the events after its boundary.
    /// </summary>
    private void Adopt(WebhookTarget target)
    {
        if (_target is null || target.Webhook.UpdatedAt >= _target.Webhook.UpdatedAt)
        {
            _target = target;
            _dirty |= state.State.Started && state.State.TakeTypes(target.Webhook.Types, target.TypesSince);
        }
    }

    private void KeepLooking(DateTimeOffset now) => _lookUntil = now + IdleExit > _lookUntil ? now + IdleExit : _lookUntil;

    private async Task LoopAsync()
    {
        var failures = 0;
        var quietRounds = 0;
        while (!_stopped)
        {
            this.DelayDeactivation(TimeSpan.FromMinutes(2));
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bool more, changed;
            try
            {
                var read = await GrainFactory.GetGrain<IWebhooksGrain>(Key.Owner).Target(Key.Id);
                if (read is null)
                {
                    await ((IWebhookDeliveryGrain)this).Stop();
                    return;
                }

                Adopt(read);
                if (_target is not { Webhook.Enabled: true })
                {
                    return;
                }

                var channel = new WebhookChannel(state.State, sender, time, () => _stopped ? null : _target);
                var rules = new RetryRules(Options.Concurrency, Options.RetryFor, Options.FirstRetryDelay);
                var round = new DeliveryRound(state.State, log, channel, rules, time, Key.Owner);
                more = await round.RunAsync();
                changed = round.Changed;
                _dirty |= changed;
                await PersistAsync();
                failures = 0;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The log, the state store or the endpoints' grain is unavailable: nothing is lost, the round runs again.
                failures++;
                _dirty = true;
                logger.LogWarning(ex, "Webhook deliveries of {Webhook} could not run a round; trying again.", Key.Id);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * failures)));
                continue;
            }

            var now = time.GetUtcNow();
            if (more || changed)
            {
                KeepLooking(now);
                quietRounds = 0;
                if (more)
                {
                    continue;
                }
            }
            else
            {
                quietRounds++;
            }

            if (state.State.Lanes.Count == 0 && state.State.Redeliveries.Count == 0 && now >= _lookUntil)
            {
                return; // A commit, a change or the reminder starts the loop again.
            }

            // A commit's wake-up can come before the log shows its event (the feed waits for older transactions to
            // end), so look again soon after activity, then less and less often, at most every second.
            var wait = TimeSpan.FromMilliseconds(Math.Min(1000, 25 << Math.Min(quietRounds, 6)));
            if (state.State.Lanes.Count > 0)
            {
                var due = state.State.Lanes.Values.Min(l => l.NextAttemptAt) - now.UtcDateTime;
                wait = due < wait ? (due > TimeSpan.Zero ? due : TimeSpan.Zero) : wait;
            }

            await Task.WhenAny(_wake.Task, Task.Delay(wait, time));
        }
    }

    private async Task PersistAsync()
    {
        if (_dirty && !_stopped)
        {
            await WriteAsync();
        }
    }

    private Task WriteAsync() => _writes.RunAsync(async () =>
    {
        try
        {
            _dirty = false;
            await state.WriteStateAsync();
        }
        catch
        {
            _dirty = true;
            throw;
        }
    });
}
