using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains;

/// <summary>
/// The single writer of one conversation. Not reentrant: each write runs to completion (store write
/// included) before the next starts, which is what keeps messages totally ordered without locks.
/// Every call first settles a write of unknown outcome (<see cref="StoredConversation"/>). Each write hands the store
/// its events (<see cref="ConversationEvents"/>), which commit with it or not at all; after a commit the owner's
/// event readers are woken.
/// </summary>
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
    private StoredConversation _stored = null!;
    private ConversationEvents _events = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_owner, _id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        _events = new ConversationEvents(_owner, _id);
        _stored = new StoredConversation(store, _owner, _id, _recent) { Current = await store.FindAsync(_owner, _id) };
        if (_stored.Current is null or { MessageCount: 0 })
        {
            // Nothing to read back: the window is complete as it stands and every append keeps it so.
            _recent.Load([]);
        }

        RuntypeMetrics.ActiveConversations.Add(1);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        RuntypeMetrics.ActiveConversations.Add(-1);
        return Task.CompletedTask;
    }

    async Task<ConversationResult> IConversationGrain.Create(ConversationFields fields)
    {
        await _stored.SettleAsync();
        if (_stored.Current is not null)
        {
            return await Describe(ConversationOutcome.AlreadyExists);
        }

        var now = _clock.Now();
        var conversation = new Conversation { Id = _id, Owner = _owner, Fields = fields, CreatedAt = now, UpdatedAt = now, Version = 1 };
        var surface = await SurfaceOf(fields);
        await ArmAsync(conversation, _surfaceTimers = surface?.Timers ?? InactivityTimers.None);
        var result = await _stored.Write(() => store.InsertAsync(conversation, [_events.Created(conversation, surface)]));
        switch (result.Outcome)
        {
            case StoreOutcome.Done:
                _stored.Current = conversation;
                Committed();
                return new ConversationResult(ConversationOutcome.Created, conversation, surface);
            case StoreOutcome.ThreadTaken:
                return new ConversationResult(ConversationOutcome.ThreadTaken, ConflictingConversationId: result.ConflictingConversationId);
            default:
                await _stored.ReloadAsync();
                return _stored.Current is null ? new ConversationResult(ConversationOutcome.AlreadyExists) : await Describe(ConversationOutcome.AlreadyExists);
        }
    }

    async Task<ConversationResult> IConversationGrain.Get()
    {
        await _stored.SettleAsync();
        return _stored.Current is null ? ConversationResult.NotFound : await Describe(ConversationOutcome.Ok);
    }

    async Task<ConversationResult> IConversationGrain.Update(ConversationPatch patch, long[]? acceptedVersions)
    {
        await _stored.SettleAsync();
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
            await ArmAsync(updated, _surfaceTimers = surface?.Timers ?? InactivityTimers.None);
            var changed = _events.Updated(updated, surface, current.Fields, updated.UpdatedAt, reason);
            var result = await _stored.Write(() => store.UpdateAsync(updated, current.Version, [changed]));
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    _stored.Current = updated;
                    Committed();
                    return new ConversationResult(ConversationOutcome.Ok, updated, surface);
                case StoreOutcome.ThreadTaken:
                    return new ConversationResult(ConversationOutcome.ThreadTaken, current, ConflictingConversationId: result.ConflictingConversationId);
                default:
                    await _stored.ReloadOrGiveUp(attempt);
                    break;
            }
        }
    }

    async Task<ConversationResult> IConversationGrain.Delete(long[]? acceptedVersions)
    {
        await _stored.SettleAsync();
        for (var attempt = 1; ; attempt++)
        {
            if (!IsWritable(acceptedVersions, out var current, out var refusal))
            {
                return refusal;
            }

            var deleted = _events.Deleted(_clock.Now(), current.Version + 1);
            var result = await _stored.Write(() => store.DeleteAsync(_owner, _id, current.Version, [deleted]));
            if (result.Outcome == StoreOutcome.Done)
            {
                _stored.Current = null;
                Committed();
                DeactivateOnIdle();
                return new ConversationResult(ConversationOutcome.Ok, current);
            }

            await _stored.ReloadOrGiveUp(attempt);
        }
    }

    async Task<MessageResult> IConversationGrain.AddMessage(NewMessage message)
    {
        var started = Stopwatch.GetTimestamp();
        await _stored.SettleAsync();
        var result = await Append(message);
        if (result.Outcome == MessageOutcome.Created)
        {
            RuntypeMetrics.MessagesAppended.Add(1);
            RuntypeMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        else if (result.Outcome is MessageOutcome.Duplicate or MessageOutcome.CreatedEarlier)
        {
            RuntypeMetrics.DuplicateMessages.Add(1);
        }

        return result;
    }

    /// <summary>What every write to an existing conversation checks first: it exists, and If-Match (when sent) names its version.</summary>
    private bool IsWritable(long[]? acceptedVersions, [NotNullWhen(true)] out Conversation? current, [NotNullWhen(false)] out ConversationResult? refusal)
    {
        current = _stored.Current;
        refusal = current is null ? ConversationResult.NotFound
            : acceptedVersions is not null && !acceptedVersions.Contains(current.Version) ? new ConversationResult(ConversationOutcome.VersionMismatch, current)
            : null;
        return refusal is null;
    }

    private async Task<MessageResult> Append(NewMessage message)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_stored.Current is not { } current)
            {
                return MessageResult.NotFound;
            }

            if (message.Id is { } reserved && await FindReservedAsync(reserved, current) is { } earlier)
            {
                return new MessageResult(MessageOutcome.CreatedEarlier, earlier);
            }

            if (current.Fields.Status == ConversationStatus.Archived)
            {
                return MessageResult.Archived;
            }

            // Acceptance order is position order, and timestamps never run backwards along it.
            var append = MessageAppend.Plan(current, message, _clock.Later(current.LastMessageAt ?? current.UpdatedAt));
            var (stored, updated) = (append.Message, append.Updated);
            var events = await AppendEvents(append, current);
            await ArmAsync(updated);
            var result = await _stored.Write(() => store.AppendAsync(updated, stored, current.Version, events));
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    _stored.Current = updated;
                    _recent.Append(stored);
                    Committed();
                    return new MessageResult(MessageOutcome.Created, stored);
                case StoreOutcome.Duplicate:
                    return new MessageResult(result.Existing!.Id == stored.Id ? MessageOutcome.CreatedEarlier : MessageOutcome.Duplicate, result.Existing);
                default:
                    await _stored.ReloadOrGiveUp(attempt);
                    break;
            }
        }
    }

    async Task<Message?> IConversationGrain.GetMessage(string messageId)
    {
        await _stored.SettleAsync();
        if (_stored.Current is null)
        {
            return null;
        }

        return _recent.Find(messageId) ?? await store.FindMessageAsync(_owner, _id, messageId);
    }

    async Task<MessagePage> IConversationGrain.ListMessages(MessageQuery query)
    {
        await _stored.SettleAsync();
        if (_stored.Current is not { } current)
        {
            return MessagePage.NotFound;
        }

        // One more than asked tells whether another page exists.
        var lookAhead = query with { Limit = query.Limit + 1 };
        if (!_recent.IsLoaded)
        {
            _recent.Load(await store.ReadMessagesAsync(_owner, _id, new MessageQuery(RecentWindow, Descending: true)));
        }

        IReadOnlyList<Message> messages = _recent.TryPage(lookAhead, current.MessageCount, out var cached)
            ? cached
            : await store.ReadMessagesAsync(_owner, _id, lookAhead);
        var hasMore = messages.Count > query.Limit;
        return new MessagePage(true, hasMore ? messages.Take(query.Limit).ToList() : messages, current.MessageCount, hasMore);
    }

    /// <summary>
    /// The message an earlier attempt of this request created under its reserved id, if any. An append finds it
    /// anyway (the store refuses the id twice), so the store is asked only where the append would not get that
    /// far: an archived conversation would otherwise answer 409 to the retry of a post that succeeded.
    /// </summary>
    private async Task<Message?> FindReservedAsync(string id, Conversation current) =>
        _recent.Find(id) ?? (current.Fields.Status == ConversationStatus.Archived ? await store.FindMessageAsync(_owner, _id, id) : null);

    /// <summary>message.created, then conversation.updated if the post reopened a closed conversation.</summary>
    private async Task<IReadOnlyList<ConversationEvent>> AppendEvents(MessageAppend append, Conversation current)
    {
        var created = _events.MessageCreated(append.Message, current.Version + 1);
        return append.Reopens
            ? [created, _events.Updated(append.Updated, await SurfaceOf(append.Updated.Fields), current.Fields, append.Message.CreatedAt)]
            : [created];
    }

    private Task<Surface?> SurfaceOf(ConversationFields fields) =>
        GrainFactory.GetGrain<ISurfaceGrain>(GrainKeys.Compose(_owner, fields.SurfaceId)).Get();

    private void Committed() => wakeUp.Committed(_owner);

    private async Task<ConversationResult> Describe(ConversationOutcome outcome)
    {
        var conversation = _stored.Current!;
        return new ConversationResult(outcome, conversation, await SurfaceOf(conversation.Fields));
    }
}
