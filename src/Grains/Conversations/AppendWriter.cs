using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains.Conversations;

/// <summary>
/// Commits one batch of accepted appends (<see cref="AppendQueue"/>), in acceptance order. An open conversation's batch
/// is one store write (AppendMessages.sql), all or nothing: the version fence holds it against a second activation, and
/// a failed write fails every message in it. What a batch cannot say for each message on its own (an external id already
/// stored, a conversation to reopen) goes through <see cref="AppendOneAsync"/>, one message at a time.
/// </summary>
internal sealed class AppendWriter(
    IConversationStore store, ConversationCopy conversation, RecentMessages recent, ConversationClock clock, ConversationEvents events, AppendHooks hooks)
{
    /// <summary>
    /// Answers each append of <paramref name="batch"/>, first re-reading a conversation a failed write left uncertain.
    /// Throws what a failed batch write threw: the appends it carried are not answered.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<PendingAppend> batch)
    {
        await conversation.ReloadIfUncertainAsync();
        for (var attempt = 1; ; attempt++)
        {
            var accepted = new List<PendingAppend>(batch.Count);
            foreach (var pending in batch)
            {
                if (pending.Message.Id is { } reserved && recent.Find(reserved) is { } earlier)
                {
                    pending.Outcome.TrySetResult(new MessageResult(MessageOutcome.CreatedByEarlierAttempt, earlier));
                }
                else if (!pending.Outcome.Task.IsCompleted)
                {
                    accepted.Add(pending);
                }
            }

            if (accepted.Count < 2 || conversation.Current is not { Fields.Status: ConversationStatus.Open } current)
            {
                // One message (no batch to gain), or a conversation that is gone, archived or closed (the first message
                // reopens it): each on its own.
                await AppendEachAsync(accepted);
                return;
            }

            var (messages, created, updated) = (new List<Message>(accepted.Count), new List<ConversationEvent>(accepted.Count), current);
            foreach (var pending in accepted)
            {
                var append = MessageAppend.Plan(updated, pending.Message, clock.Later(updated.LastMessageAt ?? updated.UpdatedAt));
                messages.Add(append.Message);
                created.Add(events.MessageCreated(append.Message, updated.Version + 1));
                updated = append.Updated;
            }

            await hooks.EnsureInactivityReminderAsync(updated);
            var result = await conversation.WriteAsync(() => store.AppendBatchAsync(updated, messages, current.Version, created));
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    conversation.Current = updated;
                    for (var i = 0; i < accepted.Count; i++)
                    {
                        recent.Append(messages[i]);
                        accepted[i].Outcome.TrySetResult(new MessageResult(MessageOutcome.Created, messages[i]));
                    }

                    hooks.WakeEventReaders();
                    RuntypeMetrics.AppendBatchSize.Record(accepted.Count);
                    return;
                case StoreOutcome.Duplicate:
                    // Some message is stored already (an external id, or a retry's reserved id): each one's own answer.
                    await AppendEachAsync(accepted);
                    return;
                default:
                    await conversation.ReloadOrGiveUpAsync(attempt);
                    break;
            }
        }
    }

    private async Task AppendEachAsync(List<PendingAppend> appends)
    {
        foreach (var pending in appends)
        {
            try
            {
                await conversation.ReloadIfUncertainAsync();
                pending.Outcome.TrySetResult(await AppendOneAsync(pending.Message));
            }
            catch (Exception ex)
            {
                pending.Outcome.TrySetException(ex);
            }
        }
    }

    private async Task<MessageResult> AppendOneAsync(NewMessage message)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (conversation.Current is not { } current)
            {
                return MessageResult.NotFound;
            }

            if (message.Id is { } reserved && await FindReservedAsync(reserved, current) is { } earlier)
            {
                return new MessageResult(MessageOutcome.CreatedByEarlierAttempt, earlier);
            }

            if (current.Fields.Status == ConversationStatus.Archived)
            {
                return MessageResult.Archived;
            }

            // Acceptance order is position order, and timestamps never run backwards along it.
            var append = MessageAppend.Plan(current, message, clock.Later(current.LastMessageAt ?? current.UpdatedAt));
            var (stored, updated) = (append.Message, append.Updated);
            var appended = await AppendEventsAsync(append, current);
            await hooks.EnsureInactivityReminderAsync(updated);
            var result = await conversation.WriteAsync(() => store.AppendAsync(updated, stored, current.Version, appended));
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    conversation.Current = updated;
                    recent.Append(stored);
                    hooks.WakeEventReaders();
                    return new MessageResult(MessageOutcome.Created, stored);
                case StoreOutcome.Duplicate:
                    return new MessageResult(result.Existing!.Id == stored.Id ? MessageOutcome.CreatedByEarlierAttempt : MessageOutcome.Duplicate, result.Existing);
                default:
                    await conversation.ReloadOrGiveUpAsync(attempt);
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
        recent.Find(id) ?? (current.Fields.Status == ConversationStatus.Archived ? await store.FindMessageAsync(conversation.Owner, conversation.Id, id) : null);

    /// <summary>message.created, then conversation.updated if the post reopened a closed conversation.</summary>
    private async Task<IReadOnlyList<ConversationEvent>> AppendEventsAsync(MessageAppend append, Conversation current)
    {
        var created = events.MessageCreated(append.Message, current.Version + 1);
        return append.Reopens
            ? [created, events.Updated(append.Updated, await hooks.SurfaceOf(append.Updated.Fields), current.Fields, append.Message.CreatedAt)]
            : [created];
    }
}
