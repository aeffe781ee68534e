using System.Data;
using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Storage.Sql;

internal sealed partial class SqlStatements
{
    /// <summary>
    /// A history import (ImportMessages.sql): one row (null, null, true) when it imported, else a row (external id,
    /// id, false) per stored message that holds one of the batch's external ids or ids.
    /// </summary>
    /// <param name="probeIds">Whether to look for the batch's ids among the stored messages too (not only its external ids).</param>
    public DbCommand ImportMessages(Conversation updated, IReadOnlyList<Message> messages, long expectedVersion, IReadOnlyList<ConversationEvent> events, bool probeIds)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var command = Command("ImportMessages");
        BindEvents(command.Parameters, updated.Owner, updated.Id, events);
        dialect.BindImportedMessages(command.Parameters, messages, probeIds);
        Bind(command.Parameters,
            ("owner", updated.Owner, DbType.String),
            ("id", updated.Id, DbType.AnsiString),
            ("expected_version", expectedVersion, DbType.Int64),
            ("message_count", updated.MessageCount, DbType.Int64),
            ("last_message_at", updated.LastMessageAt, DbType.DateTime2),
            ("updated_at", updated.UpdatedAt, DbType.DateTime2),
            ("version", updated.Version, DbType.Int64));
        return command;
    }
}
