using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Sql;

public sealed partial class SqlConversationStore
{
    /// <summary>One statement (PostgreSQL) or one transaction (SQL Server): AppendMessages.sql with the whole batch.</summary>
    public Task<AppendBatchResult> AppendBatchAsync(Conversation updated, IReadOnlyList<Message> messages, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfZero(messages.Count);
        var externalIds = messages.Select(m => m.ExternalMessageId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var ids = messages.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        return RunAsync(async connection =>
        {
            // A probe (version 0) looks for the ids too; a write looks only for external ids, and an id already stored
            // (a retry under reserved ids) shows as a unique violation, after which the statement runs again with them.
            var probeIds = expectedVersion == 0;
            List<AppendedRow> rows;
            while (true)
            {
                try
                {
                    rows = await CommitTimer.TimeAsync(() =>
                        SqlRows.ReadAllAsync(connection, _statements.AppendMessages(updated, messages, expectedVersion, events, probeIds), SqlRows.Appended));
                    break;
                }
                catch (DbException ex) when (!probeIds && _dialect.IsUniqueViolation(ex, out _))
                {
                    probeIds = true;
                }
            }

            if (rows.Any(r => r.Appended))
            {
                return AppendBatchResult.Done;
            }

            if (!probeIds && rows.Any(r => r.ExternalMessageId is { } externalId && externalIds.Contains(externalId)))
            {
                // A write looks only for external ids, so its refusal names only the ids of the messages found by them.
                // A refusal names every id of the batch the conversation holds (a retry under reserved ids answers with
                // what its first attempt imported): a probe, which writes nothing, asks again.
                rows = await SqlRows.ReadAllAsync(connection, _statements.AppendMessages(updated, messages, 0, [], probeIds: true), SqlRows.Appended);
            }

            // A stored message is returned once if it holds an id or an external id of the batch, or both.
            var takenExternal = rows.Select(r => r.ExternalMessageId).OfType<string>().Where(externalIds.Contains).ToList();
            var takenIds = rows.Select(r => r.MessageId).OfType<string>().Where(ids.Contains).ToList();
            if (takenExternal.Count > 0 || takenIds.Count > 0)
            {
                return AppendBatchResult.Taken(takenExternal, takenIds);
            }

            return (await MissingOrConflictAsync(connection, updated.Owner, updated.Id)).Outcome == StoreOutcome.Missing
                ? AppendBatchResult.Missing
                : AppendBatchResult.VersionConflict;
        }, writes: true);
    }
}
