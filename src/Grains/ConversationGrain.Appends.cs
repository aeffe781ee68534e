using System.Diagnostics;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains;

/// <summary>
/// Appends with write batching. <c>AddMessage</c> interleaves: each call queues its message and waits; one drain at a
/// time takes the queue's front (in acceptance order, so positions follow it) and commits it as one store write, while
/// the messages arriving meanwhile queue for the next. A conversation written by many clients at once thus commits
/// many messages per round trip instead of one. A batch is all or nothing: the version fence holds it against a second
/// activation, and a failed write fails every message in it. What a batch cannot say for each message on its own (an
/// external id already stored, a conversation to reopen) goes through <see cref="Append"/>, one message at a time.
/// </summary>
public sealed partial class ConversationGrain
{
    // The most messages one store write carries (AppendMessages.sql takes up to 1,000).
    private const int MaxAppendBatch = 256;

    private readonly Queue<QueuedAppend> _queued = new();

    async Task<MessageResult> IConversationGrain.AddMessage(NewMessage message)
    {
        var started = Stopwatch.GetTimestamp();
        await _gate.AppendAllowedAsync();
        var queued = new QueuedAppend(message);
        _queued.Enqueue(queued);
        if (_gate.TryStartAppending(out var done))
        {
            // No commit in flight: this call commits its own message (the queue's head) and finds its answer ready.
            // What queued meanwhile is committed after it returns, by a drain of its own.
            await DrainAsync(until: queued);
            if (_queued.Count == 0)
            {
                done();
            }
            else
            {
                _ = DrainRestAsync(done);
            }
        }

        var result = await queued.Outcome.Task;
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

    private async Task DrainRestAsync(Action done)
    {
        await DrainAsync(until: null);
        done();
    }

    /// <summary>
    /// Commits queued appends, batch after batch, until none is left or <paramref name="until"/> is answered. Never
    /// throws: a failure is each message's answer.
    /// </summary>
    private async Task DrainAsync(QueuedAppend? until)
    {
        var batch = new List<QueuedAppend>();
        while (until?.Outcome.Task.IsCompleted != true && TakeBatch(batch))
        {
            try
            {
                await _stored.SettleAsync();
                await AppendBatchAsync(batch);
            }
            catch (Exception ex)
            {
                foreach (var queued in batch)
                {
                    queued.Outcome.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>
    /// The queue's front in acceptance order, up to <see cref="MaxAppendBatch"/>, ending before a message whose external id
    /// or reserved id repeats one already taken: that one waits for the next batch, where the first one's outcome decides it.
    /// </summary>
    private bool TakeBatch(List<QueuedAppend> batch)
    {
        batch.Clear();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (batch.Count < MaxAppendBatch && _queued.TryPeek(out var next))
        {
            var message = next.Message;
            if ((message.ExternalMessageId is { } external && !keys.Add("e:" + external)) || (message.Id is { } id && !keys.Add("i:" + id)))
            {
                break;
            }

            batch.Add(_queued.Dequeue());
        }

        return batch.Count > 0;
    }

    private async Task AppendBatchAsync(List<QueuedAppend> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var accepted = new List<QueuedAppend>(batch.Count);
            foreach (var queued in batch)
            {
                if (queued.Message.Id is { } reserved && _recent.Find(reserved) is { } earlier)
                {
                    queued.Outcome.TrySetResult(new MessageResult(MessageOutcome.CreatedEarlier, earlier));
                }
                else if (!queued.Outcome.Task.IsCompleted)
                {
                    accepted.Add(queued);
                }
            }

            if (accepted.Count < 2 || _stored.Current is not { Fields.Status: ConversationStatus.Open } current)
            {
                // One message (no batch to gain), or a conversation that is gone, archived or closed (the first message
                // reopens it): each on its own.
                await AppendEachAsync(accepted);
                return;
            }

            var (messages, events, updated) = (new List<Message>(accepted.Count), new List<Events.ConversationEvent>(accepted.Count), current);
            foreach (var queued in accepted)
            {
                var append = MessageAppend.Plan(updated, queued.Message, _clock.Later(updated.LastMessageAt ?? updated.UpdatedAt));
                messages.Add(append.Message);
                events.Add(_events.MessageCreated(append.Message, updated.Version + 1));
                updated = append.Updated;
            }

            await ArmAsync(updated);
            var result = await _stored.Write(() => store.AppendBatchAsync(updated, messages, current.Version, events));
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    _stored.Current = updated;
                    for (var i = 0; i < accepted.Count; i++)
                    {
                        _recent.Append(messages[i]);
                        accepted[i].Outcome.TrySetResult(new MessageResult(MessageOutcome.Created, messages[i]));
                    }

                    Committed();
                    RuntypeMetrics.AppendBatchSize.Record(accepted.Count);
                    return;
                case StoreOutcome.Duplicate:
                    // Some message is stored already (an external id, or a retry's reserved id): each one's own answer.
                    await AppendEachAsync(accepted);
                    return;
                default:
                    await _stored.ReloadOrGiveUp(attempt);
                    break;
            }
        }
    }

    private async Task AppendEachAsync(List<QueuedAppend> appends)
    {
        foreach (var queued in appends)
        {
            try
            {
                await _stored.SettleAsync();
                queued.Outcome.TrySetResult(await Append(queued.Message));
            }
            catch (Exception ex)
            {
                queued.Outcome.TrySetException(ex);
            }
        }
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

    /// <summary>
    /// The message an earlier attempt of this request created under its reserved id, if any. An append finds it
    /// anyway (the store refuses the id twice), so the store is asked only where the append would not get that
    /// far: an archived conversation would otherwise answer 409 to the retry of a post that succeeded.
    /// </summary>
    private async Task<Message?> FindReservedAsync(string id, Conversation current) =>
        _recent.Find(id) ?? (current.Fields.Status == ConversationStatus.Archived ? await store.FindMessageAsync(_owner, _id, id) : null);

    /// <summary>message.created, then conversation.updated if the post reopened a closed conversation.</summary>
    private async Task<IReadOnlyList<Events.ConversationEvent>> AppendEvents(MessageAppend append, Conversation current)
    {
        var created = _events.MessageCreated(append.Message, current.Version + 1);
        return append.Reopens
            ? [created, _events.Updated(append.Updated, await SurfaceOf(append.Updated.Fields), current.Fields, append.Message.CreatedAt)]
            : [created];
    }

    /// <summary>A message waiting for the commit that carries it.</summary>
    private sealed class QueuedAppend(NewMessage message)
    {
        public NewMessage Message { get; } = message;

        public TaskCompletionSource<MessageResult> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
