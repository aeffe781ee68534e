using System.Data;
using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Storage.Sql;

internal sealed partial class SqlStatements
{
    /// <summary>
    /// Sets a message's delivery, moves the conversation to <paramref name="updated"/>'s version and records
    /// <paramref name="events"/> (RecordDelivery.sql). Selects 1 when it applied, 0 when the row moved on or went, or the
    /// message is not there.
    /// </summary>
    public DbCommand RecordDelivery(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(message);
        var command = Command("RecordDelivery");
        BindEvents(command.Parameters, updated.Owner, updated.Id, events);
        Bind(command.Parameters,
            ("owner", updated.Owner, DbType.String),
            ("id", updated.Id, DbType.AnsiString),
            ("expected_version", expectedVersion, DbType.Int64),
            ("version", updated.Version, DbType.Int64),
            ("message_id", message.Id, DbType.AnsiString),
            (MessageColumns.Delivery.Name, MessageColumns.Delivery.Value(message), MessageColumns.Delivery.DbType));
        return command;
    }

    /// <summary>
    /// The owner's messages on the surface whose external id is one of <paramref name="externalMessageIds"/> (each given
    /// once): selects (external id, conversation id, conversation status) per conversation that holds one.
    /// </summary>
    public DbCommand FindByExternalMessageIds(string owner, string surfaceId, IReadOnlyList<string> externalMessageIds)
    {
        var command = Command("FindByExternalMessageIds");
        Bind(command.Parameters, ("owner", owner, DbType.String), (ConversationColumns.SurfaceId.Name, surfaceId, ConversationColumns.SurfaceId.DbType));
        dialect.BindExternalMessageIds(command.Parameters, externalMessageIds);
        return command;
    }
}
