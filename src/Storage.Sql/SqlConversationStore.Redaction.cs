using System.Globalization;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Sql;

public sealed partial class SqlConversationStore
{
    public Task<StoreResult> RedactAsync(Conversation updated, Message redacted, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(redacted);
        return RunAsync(async connection =>
            Convert.ToInt64(await ScalarAsync(connection, _statements.RedactMessage(updated, redacted, expectedVersion, events)), CultureInfo.InvariantCulture) == 1
                ? StoreResult.Done
                : await MissingOrConflictAsync(connection, updated.Owner, updated.Id), writes: true);
    }
}
