using Microsoft.Extensions.Logging;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains.Conversations;

/// <summary>
/// Inactivity timers (<c>lifecycle.md</c>): one Orleans reminder per conversation with a rule, kept in the configured
/// database, so the grain need not stay active for it to fire. The reminder is set before the write that needs it
/// (a write that fails leaves at most a reminder that fires early and finds nothing due) and only when the write moves
/// the due time earlier than the reminder it has: every message moves it later, and the tick that arrives too early
/// sets it again, so a busy conversation does not write its reminder on each message.
/// </summary>
public sealed partial class ConversationGrain : IRemindable, IIncomingGrainCallFilter
{
    private const string InactivityReminder = "inactivity";
    private const string InactivityReason = "inactivity";

    // When this activation's reminder first fires; null when it has none or does not know (a new activation).
    private DateTime? _reminderDue;

    // The surface's timers as this activation last read them; refreshed by each create, update and tick, and pushed by
    // the surface when they change (InactivityChanged).
    private InactivityTimers? _surfaceTimers;

    // Whether anything but a reminder tick reached this activation: a tick alone lets it go again at once.
    private bool _calledByClients;

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        _calledByClients |= context.InterfaceMethod?.DeclaringType != typeof(IRemindable);
        await context.Invoke();
    }

    async Task IConversationGrain.InactivityChanged(Surface surface)
    {
        await ReloadIfUncertainBeforeReadAsync();
        if (_conversation.Current is { } current && current.Fields.SurfaceId == surface.Id)
        {
            // Not when the conversation has moved to another surface since the surface listed it: those are not its rules.
            _surfaceTimers = surface.Timers;
            // Shorter or new rules move the due time earlier; longer or removed ones are found by the next tick.
            await EnsureInactivityReminderAsync(current, surface.Timers);
        }
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != InactivityReminder)
        {
            return;
        }

        RuntypeMetrics.ReminderFired(InactivityReminder, status);
        using var exclusive = await _appends.ExclusiveAsync();
        await _conversation.ReloadIfUncertainAsync();
        _reminderDue = null;
        try
        {
            await InactivityTickAsync();
        }
        finally
        {
            if (!_calledByClients)
            {
                // Woken only for its timer: an idle conversation does not stay in memory after it.
                DeactivateOnIdle();
            }
        }
    }

    private async Task InactivityTickAsync()
    {
        if (_conversation.Current is not { } current)
        {
            await ForgetReminderAsync();
            return;
        }

        var surface = await SurfaceOf(current.Fields);
        _surfaceTimers = surface?.Timers ?? InactivityTimers.None;
        if (Due(current, _surfaceTimers) is not { } due)
        {
            await ForgetReminderAsync();
            return;
        }

        if (_clock.Now() < due)
        {
            logger.LogDebug("Conversation {ConversationId} not idle long enough: due at {Due}", _id, due);
            await EnsureInactivityReminderAsync(current, _surfaceTimers);
            return;
        }

        var next = current.Fields.Status == ConversationStatus.Open ? ConversationStatus.Closed : ConversationStatus.Archived;
        var patch = new ConversationPatch(current.Fields with { Status = next }, ConversationField.Status);
        var result = await ApplyAsync(patch, [current.Version], InactivityReason);
        logger.LogDebug("Conversation {ConversationId} inactive since {UpdatedAt}: {Status} ({Outcome})", _id, current.UpdatedAt, next, result.Outcome);
        if (result.Outcome == ConversationOutcome.Ok && Due(result.Conversation!, _surfaceTimers) is null)
        {
            // Archived, or closed with no rule to archive it: nothing left to wait for.
            await ForgetReminderAsync();
        }

        // Otherwise the reminder stands: the write set it for the archive rule, or (a change under the tick) the next
        // tick looks again.
    }

    /// <summary>
    /// Makes sure a reminder fires no later than <paramref name="planned"/>'s due time. Called before a write with the
    /// conversation it will store; cheap when the conversation has no rule or the reminder already fires in time.
    /// </summary>
    private async Task EnsureInactivityReminderAsync(Conversation planned, InactivityTimers? surfaceTimers = null)
    {
        surfaceTimers ??= _surfaceTimers ??= (await SurfaceOf(planned.Fields))?.Timers ?? InactivityTimers.None;
        if (Due(planned, surfaceTimers) is not { } due || _reminderDue <= due)
        {
            // No rule: a reminder left from an earlier rule finds nothing due when it fires and removes itself.
            return;
        }

        var now = _clock.Now();
        var wait = due - now;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > inactivity.Value.LongestWait ? inactivity.Value.LongestWait : wait;
        await this.RegisterOrUpdateReminder(InactivityReminder, wait, inactivity.Value.CheckEvery);
        _reminderDue = now + wait;
    }

    private async Task ForgetReminderAsync()
    {
        _reminderDue = null;
        if (await this.GetReminder(InactivityReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>When the conversation's rule for its status falls due: its last change plus the rule's duration.</summary>
    private static DateTime? Due(Conversation conversation, InactivityTimers surfaceTimers)
    {
        var timers = InactivityTimers.Effective(conversation.Fields, surfaceTimers);
        var after = conversation.Fields.Status switch
        {
            ConversationStatus.Open => timers.CloseAfter,
            ConversationStatus.Closed => timers.ArchiveAfter,
            _ => null,
        };
        return after is { } duration ? conversation.UpdatedAt + duration : null;
    }
}
