using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains.Conversations;

/// <summary>
/// The single writer of one conversation. Appends interleave and are committed in acceptance order, many per store
/// write; every other write runs alone, after the appends already accepted and before any accepted after it
/// (<see cref="AppendQueue"/>, which commits through <see cref="AppendWriter"/>): that is what keeps messages totally
/// ordered without locks. A write of unknown outcome leaves the conversation to be re-read before anything is answered
/// from it (<see cref="ConversationCopy"/>). Each write hands the store its events (<see cref="ConversationEvents"/>),
/// which commit with it or not at all; after a commit the owner's event readers are woken.
/// </summary>
/// <remarks>
/// Its grain type is pinned: reminders are stored under the grain id (type and key), so a renamed class must not
/// orphan the inactivity timers already set. Orleans would derive the same name from the class name alone.
/// </remarks>
[GrainType("conversation")]
public sealed partial class ConversationGrain(
    IConversationStore store, TimeProvider time, OwnerWakeUp wakeUp, IOptions<InactivityOptions> inactivity, ILogger<ConversationGrain> logger)
    : Grain, IConversationGrain
{
    // One full page (100) plus the look-ahead message, and a little slack.
    private const int RecentWindow = 128;

    private readonly RecentMessages _recent = new(RecentWindow);
    private readonly ConversationClock _clock = new(time);

    private string _owner = "";
    private string _id = "";
    private ConversationCopy _conversation = null!;
    private ConversationEvents _events = null!;
    private AppendQueue _appends = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_owner, _id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        _events = new ConversationEvents(_owner, _id);
        _conversation = new ConversationCopy(store, _owner, _id, _recent) { Current = await store.FindAsync(_owner, _id) };
        if (_conversation.Current is null or { MessageCount: 0 })
        {
            // Nothing to read back: the window is complete as it stands and every append keeps it so.
            _recent.Load([], 0);
        }

        var hooks = new AppendHooks(SurfaceOf, planned => EnsureInactivityReminderAsync(planned), WakeEventReaders);
        _appends = new AppendQueue(new AppendWriter(store, _conversation, _recent, _clock, _events, hooks));
        RuntypeMetrics.ActiveConversations.Add(1);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        RuntypeMetrics.ActiveConversations.Add(-1);
        return Task.CompletedTask;
    }

    async Task<ConversationResult> IConversationGrain.Create(ConversationFields fields)
    {
        using var exclusive = await _appends.ExclusiveAsync();
        await _conversation.ReloadIfUncertainAsync();
        if (_conversation.Current is not null)
        {
            return await CurrentWithSurfaceAsync(ConversationOutcome.AlreadyExists);
        }

        var now = _clock.Now();
        var conversation = new Conversation { Id = _id, Owner = _owner, Fields = fields, CreatedAt = now, UpdatedAt = now, Version = 1 };
        var surface = await SurfaceOf(fields);
        await EnsureInactivityReminderAsync(conversation, _surfaceTimers = surface?.Timers ?? InactivityTimers.None);
        for (var attempt = 1; ; attempt++)
        {
            var result = await _conversation.WriteAsync(() => store.InsertAsync(conversation, [_events.Created(conversation, surface)]));
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    _conversation.Current = conversation;
                    WakeEventReaders();
                    return new ConversationResult(ConversationOutcome.Created, conversation, surface);
                case StoreOutcome.ThreadTaken:
                    return new ConversationResult(ConversationOutcome.ThreadTaken, ConflictingConversationId: result.ConflictingConversationId);
                case StoreOutcome.VersionConflict:
                    // The thread's holder let it go (deleted, or moved to another thread or surface) between the refused
                    // insert and the store's look for it: the thread is free again, so the insert is tried again.
                    await _conversation.ReloadOrGiveUpAsync(attempt);
                    if (_conversation.Current is null)
                    {
                        continue;
                    }

                    return await CurrentWithSurfaceAsync(ConversationOutcome.AlreadyExists);
                default:
                    await _conversation.ReloadAsync();
                    return _conversation.Current is null ? new ConversationResult(ConversationOutcome.AlreadyExists) : await CurrentWithSurfaceAsync(ConversationOutcome.AlreadyExists);
            }
        }
    }

    async Task<ConversationResult> IConversationGrain.Get()
    {
        await ReloadIfUncertainBeforeReadAsync();
        return _conversation.Current is null ? ConversationResult.NotFound : await CurrentWithSurfaceAsync(ConversationOutcome.Ok);
    }

    async Task<ConversationResult> IConversationGrain.Update(ConversationPatch patch, long[]? acceptedVersions)
    {
        using var exclusive = await _appends.ExclusiveAsync();
        await _conversation.ReloadIfUncertainAsync();
        return await ApplyAsync(patch, acceptedVersions, reason: null);
    }

    /// <summary>An update, asked for by a client or (with a <paramref name="reason"/>) made by the grain itself.</summary>
    private async Task<ConversationResult> ApplyAsync(ConversationPatch patch, long[]? acceptedVersions, string? reason)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!IsWritable(acceptedVersions, out var current, out var refusal))
            {
                return refusal;
            }

            // Every update is a change (new version, ETag and updatedAt), even one that sets fields to what they were:
            // it records conversation.updated with empty previousAttributes (docs/decisions.md).
            var updated = current with
            {
                Fields = patch.ApplyTo(current.Fields),
                UpdatedAt = _clock.Later(current.UpdatedAt),
                Version = current.Version + 1,
            };
            var surface = await SurfaceOf(updated.Fields);
            await EnsureInactivityReminderAsync(updated, _surfaceTimers = surface?.Timers ?? InactivityTimers.None);
            var changed = _events.Updated(updated, surface, current.Fields, updated.UpdatedAt, reason);
            var result = await _conversation.WriteAsync(() => store.UpdateAsync(updated, current.Version, [changed]));
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    _conversation.Current = updated;
                    WakeEventReaders();
                    return new ConversationResult(ConversationOutcome.Ok, updated, surface);
                case StoreOutcome.ThreadTaken:
                    return new ConversationResult(ConversationOutcome.ThreadTaken, current, ConflictingConversationId: result.ConflictingConversationId);
                default:
                    await _conversation.ReloadOrGiveUpAsync(attempt);
                    break;
            }
        }
    }

    async Task<ConversationResult> IConversationGrain.Delete(long[]? acceptedVersions)
    {
        using var exclusive = await _appends.ExclusiveAsync();
        await _conversation.ReloadIfUncertainAsync();
        for (var attempt = 1; ; attempt++)
        {
            if (!IsWritable(acceptedVersions, out var current, out var refusal))
            {
                return refusal;
            }

            var deleted = _events.Deleted(_clock.Now(), current.Version + 1);
            var result = await _conversation.WriteAsync(() => store.DeleteAsync(_owner, _id, current.Version, [deleted]));
            if (result.Outcome == StoreOutcome.Done)
            {
                _conversation.Current = null;
                WakeEventReaders();
                DeactivateOnIdle();
                return new ConversationResult(ConversationOutcome.Ok, current);
            }

            await _conversation.ReloadOrGiveUpAsync(attempt);
        }
    }

    /// <summary>What every write to an existing conversation checks first: it exists, and If-Match (when sent) names its version.</summary>
    private bool IsWritable(long[]? acceptedVersions, [NotNullWhen(true)] out Conversation? current, [NotNullWhen(false)] out ConversationResult? refusal)
    {
        current = _conversation.Current;
        refusal = current is null ? ConversationResult.NotFound
            : acceptedVersions is not null && !acceptedVersions.Contains(current.Version) ? new ConversationResult(ConversationOutcome.VersionMismatch, current)
            : null;
        return refusal is null;
    }

    private Task<Surface?> SurfaceOf(ConversationFields fields) =>
        GrainFactory.GetGrain<ISurfaceGrain>(GrainKeys.Compose(_owner, fields.SurfaceId)).Get();

    /// <summary>
    /// Reads answer from what this activation has committed (appends still in flight are not acknowledged yet); only a
    /// state a failed write left uncertain is re-read first, as an exclusive write so that no append commits meanwhile.
    /// </summary>
    private async Task ReloadIfUncertainBeforeReadAsync()
    {
        if (_conversation.IsUncertain)
        {
            using var exclusive = await _appends.ExclusiveAsync();
            await _conversation.ReloadIfUncertainAsync();
        }
    }

    private void WakeEventReaders() => wakeUp.Committed(_owner);

    private async Task<ConversationResult> CurrentWithSurfaceAsync(ConversationOutcome outcome)
    {
        var conversation = _conversation.Current!;
        return new ConversationResult(outcome, conversation, await SurfaceOf(conversation.Fields));
    }
}
