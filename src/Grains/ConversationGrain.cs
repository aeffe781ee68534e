using System.Diagnostics;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains;

/// <summary>
/// The single writer of one conversation. Not reentrant: each write runs to completion (store write
/// included) before the next starts, which is what keeps messages totally ordered without locks.
/// </summary>
public sealed class ConversationGrain(IConversationStore store, TimeProvider time) : Grain, IConversationGrain
{
    // A store conflict means another activation wrote; reloading once settles it, a few times covers a storm.
    private const int MaxAttempts = 3;

    // One full page (100) plus the look-ahead message, and a little slack.
    private const int RecentWindow = 128;

    private readonly RecentMessages _recent = new(RecentWindow);

    private string _owner = "";
    private string _id = "";
    private Conversation? _conversation;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_owner, _id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        _conversation = await store.FindAsync(_owner, _id);
        if (_conversation is null or { MessageCount: 0 })
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
        if (_conversation is not null)
        {
            return new ConversationResult(ConversationOutcome.AlreadyExists);
        }

        var now = Now();
        var conversation = new Conversation { Id = _id, Owner = _owner, Fields = fields, CreatedAt = now, UpdatedAt = now, Version = 1 };
        var result = await store.InsertAsync(conversation);
        switch (result.Outcome)
        {
            case StoreOutcome.Done:
                _conversation = conversation;
                return await Describe(ConversationOutcome.Created);
            case StoreOutcome.ThreadTaken:
                return new ConversationResult(ConversationOutcome.ThreadTaken, ConflictingConversationId: result.ConflictingConversationId);
            default:
                _conversation = await store.FindAsync(_owner, _id);
                _recent.Forget();
                return new ConversationResult(ConversationOutcome.AlreadyExists);
        }
    }

    Task<ConversationResult> IConversationGrain.Get() =>
        _conversation is null ? Task.FromResult(ConversationResult.NotFound) : Describe(ConversationOutcome.Ok);

    async Task<ConversationResult> IConversationGrain.Update(ConversationPatch patch, long[]? acceptedVersions)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_conversation is not { } current)
            {
                return ConversationResult.NotFound;
            }

            if (acceptedVersions is not null && !acceptedVersions.Contains(current.Version))
            {
                return new ConversationResult(ConversationOutcome.VersionMismatch, current);
            }

            var updated = current with
            {
                Fields = patch.ApplyTo(current.Fields),
                UpdatedAt = Later(current.UpdatedAt),
                Version = current.Version + 1,
            };
            var result = await store.UpdateAsync(updated, current.Version);
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    _conversation = updated;
                    return await Describe(ConversationOutcome.Ok);
                case StoreOutcome.ThreadTaken:
                    return new ConversationResult(ConversationOutcome.ThreadTaken, current, ConflictingConversationId: result.ConflictingConversationId);
                default:
                    await ReloadOrGiveUp(attempt);
                    break;
            }
        }
    }

    async Task<ConversationResult> IConversationGrain.Delete(long[]? acceptedVersions)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_conversation is not { } current)
            {
                return ConversationResult.NotFound;
            }

            if (acceptedVersions is not null && !acceptedVersions.Contains(current.Version))
            {
                return new ConversationResult(ConversationOutcome.VersionMismatch, current);
            }

            var result = await store.DeleteAsync(_owner, _id, current.Version);
            if (result.Outcome == StoreOutcome.Done)
            {
                _conversation = null;
                DeactivateOnIdle();
                return new ConversationResult(ConversationOutcome.Ok, current);
            }

            await ReloadOrGiveUp(attempt);
        }
    }

    async Task<MessageResult> IConversationGrain.AddMessage(NewMessage message)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await Append(message);
        if (result.Outcome == MessageOutcome.Created)
        {
            RuntypeMetrics.MessagesAppended.Add(1);
            RuntypeMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        else if (result.Outcome == MessageOutcome.Duplicate)
        {
            RuntypeMetrics.DuplicateMessages.Add(1);
        }

        return result;
    }

    private async Task<MessageResult> Append(NewMessage message)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (_conversation is not { } current)
            {
                return MessageResult.NotFound;
            }

            if (current.Fields.Status == ConversationStatus.Archived)
            {
                return MessageResult.Archived;
            }

            // Acceptance order is position order, and timestamps never run backwards along it.
            var createdAt = Later(current.LastMessageAt ?? current.UpdatedAt);
            var stored = new Message
            {
                Id = Identifiers.NewMessageId(),
                ConversationId = _id,
                Position = current.MessageCount + 1,
                Role = message.Role,
                Direction = message.Direction ?? DefaultDirection(message.Role),
                Content = message.Content,
                ExternalMessageId = message.ExternalMessageId,
                FlowStepResultId = message.FlowStepResultId,
                Metadata = message.Metadata,
                CreatedAt = createdAt,
            };
            var updated = current with
            {
                // Posting to a closed conversation reopens it.
                Fields = current.Fields.Status == ConversationStatus.Closed ? current.Fields with { Status = ConversationStatus.Open } : current.Fields,
                MessageCount = stored.Position,
                LastMessageAt = createdAt,
                UpdatedAt = createdAt > current.UpdatedAt ? createdAt : current.UpdatedAt,
                Version = current.Version + 1,
            };

            var result = await store.AppendAsync(updated, stored, current.Version);
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    _conversation = updated;
                    _recent.Append(stored);
                    return new MessageResult(MessageOutcome.Created, stored);
                case StoreOutcome.Duplicate:
                    return new MessageResult(MessageOutcome.Duplicate, result.Existing);
                default:
                    await ReloadOrGiveUp(attempt);
                    break;
            }
        }
    }

    async Task<MessagePage> IConversationGrain.ListMessages(MessageQuery query)
    {
        if (_conversation is not { } current)
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

    private static MessageDirection DefaultDirection(MessageRole role) =>
        role == MessageRole.User ? MessageDirection.Inbound : MessageDirection.Outbound;

    private async Task<ConversationResult> Describe(ConversationOutcome outcome)
    {
        var conversation = _conversation!;
        var surface = await GrainFactory.GetGrain<ISurfaceGrain>(GrainKeys.Compose(_owner, conversation.Fields.SurfaceId)).Get();
        return new ConversationResult(outcome, conversation, surface);
    }

    private async Task ReloadOrGiveUp(int attempt)
    {
        if (attempt >= MaxAttempts)
        {
            // Transient (another activation keeps winning, as while a silo fails over): the caller may retry.
            throw new StorageUnavailableException($"Conversation {_id} kept changing under this activation; giving up after {attempt} attempts.");
        }

        _conversation = await store.FindAsync(_owner, _id);
        _recent.Forget();
    }

    private DateTime Now() => TruncateToMilliseconds(time.GetUtcNow().UtcDateTime);

    /// <summary>Now, or <paramref name="floor"/> if the clock reads earlier (clock skew between silos).</summary>
    private DateTime Later(DateTime floor)
    {
        var now = Now();
        return now > floor ? now : floor;
    }

    private static DateTime TruncateToMilliseconds(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
