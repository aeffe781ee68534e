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
            var (imported, takenExternal, takenIds) = (false, new List<string>(), new List<string>());
            await using (var command = _statements.ImportMessages(updated, messages, expectedVersion, events))
            {
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

            if (imported)
            {
                return ImportResult.Done;
            }

            if (takenExternal.Count > 0 || takenIds.Count > 0)
            {
                return ImportResult.Taken(takenExternal, takenIds);
            }

            return (await MissingOrConflictAsync(connection, updated.Owner, updated.Id)).Outcome == StoreOutcome.Missing
                ? ImportResult.Missing
                : ImportResult.VersionConflict;
        }, writes: true);
    }
}
