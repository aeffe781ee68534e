using System.Globalization;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Sql;

public sealed partial class SqlConversationStore
{
    public Task<StoreResult> RecordDeliveryAsync(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(message);
        return RunAsync(async connection =>
            Convert.ToInt64(await ScalarAsync(connection, _statements.RecordDelivery(updated, message, expectedVersion, events)), CultureInfo.InvariantCulture) == 1
                ? StoreResult.Done
                : await MissingOrConflictAsync(connection, updated.Owner, updated.Id), writes: true);
    }

    public Task<IReadOnlyList<ExternalMessageMatch>> FindByExternalMessageIdsAsync(
        string owner, string surfaceId, IReadOnlyCollection<string> externalMessageIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(externalMessageIds);
        ct.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(externalMessageIds.Count, IConversationIndex.MaxExternalMessageIds, nameof(externalMessageIds));
        List<string> wanted = [.. externalMessageIds.Distinct(StringComparer.Ordinal)];
        if (wanted.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<ExternalMessageMatch>>([]);
        }

        return RunAsync<IReadOnlyList<ExternalMessageMatch>>(async connection =>
            await SqlRows.ReadAllAsync(connection, _statements.FindByExternalMessageIds(owner, surfaceId, wanted), static reader =>
                new ExternalMessageMatch(reader.GetString(0), reader.GetString(1), (ConversationStatus)reader.GetInt16(2))));
    }
}
