using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Grains.Conversations;

public sealed partial class ConversationGrain
{
    /// <summary>
    /// A history import (docs/decisions.md, "History import"): one store write in the common case. The store refuses a
    /// batch holding an external id (or id) the conversation already has and names them; the grain skips those and
    /// writes the rest. Messages dated before the last one are first checked against the store (they may be the ones
    /// a re-run or retry imported before) and refused only if they are really new.
    /// </summary>
    async Task<MessageImportResult> IConversationGrain.ImportMessages(IReadOnlyList<HistoricMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var exclusive = await _appends.ExclusiveAsync();
        await _conversation.ReloadIfUncertainAsync();
        var batch = new ImportBatch(messages);
        var probed = false;
        for (var attempt = 1; ;)
        {
            if (_conversation.Current is not { } current)
            {
                return MessageImportResult.NotFound;
            }

            if (current.Fields.Status == ConversationStatus.Archived)
            {
                // A retry whose first attempt committed before the conversation was archived answers as that attempt did.
                return batch.IsReserved && !probed && batch.Earlier(await ProbeAsync(batch, current), current) is { } earlier
                    ? earlier
                    : MessageImportResult.Archived;
            }

            if (batch.RefuseCreatedAt(current.LastMessageAt, _clock.Now()) is { } refused)
            {
                if (probed)
                {
                    return refused;
                }

                probed = true;
                var taken = await ProbeAsync(batch, current);
                if (batch.Earlier(taken, current) is { } earlier)
                {
                    return earlier;
                }

                _ = batch.SkipStored(taken.TakenExternalIds);
                continue;
            }

            var stored = batch.Plan(current);
            if (stored.Count == 0)
            {
                return new MessageImportResult(ImportOutcome.Imported, 0, batch.Skipped, current.MessageCount);
            }

            var updated = current with
            {
                MessageCount = stored[^1].Position,
                LastMessageAt = stored[^1].CreatedAt,
                UpdatedAt = _clock.Later(current.UpdatedAt),
                Version = current.Version + 1,
            };
            var imported = _events.Imported(updated.UpdatedAt, updated.Version, stored);
            await EnsureInactivityReminderAsync(updated);
            var result = await _conversation.WriteAsync(() => store.AppendBatchAsync(updated, stored, current.Version, [imported]));
            switch (result.Outcome)
            {
                case StoreOutcome.Done:
                    _conversation.Current = updated;
                    foreach (var message in stored)
                    {
                        _recent.Append(message);
                    }

                    WakeEventReaders();
                    RuntypeMetrics.MessagesImported.Add(stored.Count);
                    return new MessageImportResult(ImportOutcome.Imported, stored.Count, batch.Skipped, updated.MessageCount);
                case StoreOutcome.Duplicate:
                    if (batch.Earlier(result, current) is { } earlier)
                    {
                        return earlier;
                    }

                    // Each refusal skips at least one more message, so this ends; one that names none is a race lost.
                    if (!batch.SkipStored(result.TakenExternalIds))
                    {
                        await _conversation.ReloadOrGiveUpAsync(attempt++);
                    }

                    break;
                default:
                    await _conversation.ReloadOrGiveUpAsync(attempt++);
                    break;
            }
        }
    }

    /// <summary>Which of the batch's ids the conversation holds, writing nothing (an import from version 0, which no conversation has).</summary>
    private Task<AppendBatchResult> ProbeAsync(ImportBatch batch, Conversation current) =>
        store.AppendBatchAsync(current, batch.Plan(current), 0, []);
}
