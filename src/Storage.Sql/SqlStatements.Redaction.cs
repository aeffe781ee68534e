using System.Data;
using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Wire;

namespace Runtype.Storage.Sql;

internal sealed partial class SqlStatements
{
    /// <summary>
    /// Erases a message's content and metadata in its row and in the data of its earlier events, moves the conversation
    /// to <paramref name="updated"/>'s version and records <paramref name="events"/> (RedactMessage.sql). Selects 1
    /// when it applied, 0 when the row moved on or went.
    /// </summary>
    public DbCommand RedactMessage(Conversation updated, Message redacted, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(redacted);
        var command = Command("RedactMessage");
        BindEvents(command.Parameters, updated.Owner, updated.Id, events);
        Bind(command.Parameters,
            ("owner", updated.Owner, DbType.String),
            ("id", updated.Id, DbType.AnsiString),
            ("expected_version", expectedVersion, DbType.Int64),
            ("updated_at", updated.UpdatedAt, DbType.DateTime2),
            ("version", updated.Version, DbType.Int64),
            ("message_id", redacted.Id, DbType.AnsiString),
            ("created_event_id", Identifiers.CreatedEventId(redacted.Id), DbType.AnsiString),
            ("redacted_at", redacted.RedactedAt, DbType.DateTime2),
            ("message_data", WireValues.Render(redacted, MessageJson.Write), DbType.String),
            ("data_prefix", MessageJson.Prefix(redacted.Id), DbType.String));
        return command;
    }
}
