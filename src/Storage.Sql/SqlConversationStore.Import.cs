using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Sql;

public sealed partial class SqlConversationStore
{
    /// <summary>One statement (PostgreSQL) or one transaction (SQL Server): ImportMessages.sql.</summary>
    public Task<ImportResult> ImportAsync(Conversation updated, IReadOnlyList<Message> messages, long expectedVersion, IReadOnlyList<ConversationEvent> events)
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
            var (imported, takenExternal, takenIds) = (false, new List<string>(), new List<string>());
            while (true)
            {
                try
                {
                    await ReadImportAsync(connection, probeIds, expectedVersion);
                    break;
                }
                catch (DbException ex) when (!probeIds && _dialect.IsUniqueViolation(ex, out _))
                {
                    probeIds = true;
                }
            }

            if (imported)
            {
                return ImportResult.Done;
            }

            if (!probeIds && takenExternal.Count > 0)
            {
                // A write looks only for external ids, so its refusal names only the ids of the messages found by them.
                // A refusal names every id of the batch the conversation holds (a retry under reserved ids answers with
                // what its first attempt imported): a probe, which writes nothing, asks again.
                (takenExternal, takenIds) = ([], []);
                await ReadImportAsync(connection, probe: true, version: 0);
            }

            if (takenExternal.Count > 0 || takenIds.Count > 0)
            {
                return ImportResult.Taken(takenExternal, takenIds);
            }

            return (await MissingOrConflictAsync(connection, updated.Owner, updated.Id)).Outcome == StoreOutcome.Missing
                ? ImportResult.Missing
                : ImportResult.VersionConflict;

            async Task ReadImportAsync(DbConnection connection, bool probe, long version)
            {
                await using var command = _statements.ImportMessages(updated, messages, version, version == 0 ? [] : events, probe);
                command.Connection = connection;
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    if (reader.GetBoolean(2))
                    {
                        imported = true;
                        continue;
                    }

                    // A stored message is returned once if it holds an id or an external id of the batch, or both.
                    if (!reader.IsDBNull(0) && externalIds.Contains(reader.GetString(0)))
                    {
                        takenExternal.Add(reader.GetString(0));
                    }

                    if (ids.Contains(reader.GetString(1)))
                    {
                        takenIds.Add(reader.GetString(1));
                    }
                }
            }
        }, writes: true);
    }
}
