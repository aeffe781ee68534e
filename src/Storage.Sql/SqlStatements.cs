using System.Data;
using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Storage.Sql;

/// <summary>
/// Every statement the store sends: its embedded text and the parameters bound to it, built without a connection
/// so the tests can check each binding against the schema (the T-SQL binder test) without a server. The store
/// attaches a connection and runs them.
/// </summary>
internal sealed partial class SqlStatements(SqlDialect dialect)
{
    public DbCommand FindConversation(string owner, string id)
    {
        var command = Command("FindConversation");
        Bind(command.Parameters, ("owner", owner, DbType.String), ("id", id, DbType.AnsiString));
        return command;
    }

    public DbCommand InsertConversation(Conversation conversation, IReadOnlyList<ConversationEvent> events)
    {
        var command = Command("InsertConversation");
        Bind(command.Parameters, conversation, ConversationColumns.Inserted);
        BindEvents(command.Parameters, conversation.Owner, conversation.Id, events);
        return command;
    }

    /// <summary>Selects 1 when it applied, 0 when the row moved on or went.</summary>
    public DbCommand UpdateConversation(Conversation updated, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        var command = Command("UpdateConversation");
        Bind(command.Parameters, updated, ConversationColumns.Key);
        Bind(command.Parameters, updated, ConversationColumns.Updated);
        command.Parameters.Add(dialect.Parameter("expected_version", expectedVersion, DbType.Int64));
        BindEvents(command.Parameters, updated.Owner, updated.Id, events);
        return command;
    }

    public DbCommand DeleteConversation(string owner, string id, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        var command = Command("DeleteConversation");
        Bind(command.Parameters, ("owner", owner, DbType.String), ("id", id, DbType.AnsiString), ("expected_version", expectedVersion, DbType.Int64));
        BindEvents(command.Parameters, owner, id, events);
        return command;
    }

    public DbCommand FindThreadHolder(Conversation conversation)
    {
        var command = Command("FindThreadHolder");
        Bind(command.Parameters, conversation, [ConversationColumns.Owner, ConversationColumns.ThreadKey]);
        return command;
    }

    /// <summary>The stored message with <paramref name="message"/>'s external id or id: why an append was refused.</summary>
    public DbCommand FindExistingMessage(Message message)
    {
        var command = Command("FindExistingMessage");
        Bind(command.Parameters,
            ("conversation_id", message.ConversationId, DbType.AnsiString),
            ("external_message_id", message.ExternalMessageId, DbType.String),
            ("message_id", message.Id, DbType.AnsiString));
        return command;
    }

    public DbCommand FindMessage(string conversationId, string messageId)
    {
        var command = Command("FindMessage");
        Bind(command.Parameters, ("conversation_id", conversationId, DbType.AnsiString), ("message_id", messageId, DbType.AnsiString));
        return command;
    }

    public DbCommand ReadMessages(string conversationId, MessageQuery query)
    {
        var command = Command(query.Descending ? "ReadMessagesBefore" : "ReadMessagesAfter");
        var bound = query.After ?? (query.Descending ? long.MaxValue : 0);
        Bind(command.Parameters,
            ("conversation_id", conversationId, DbType.AnsiString),
            ("position", bound, DbType.Int64),
            ("take", query.Limit, DbType.Int32));
        return command;
    }

    /// <summary>
    /// Up to <see cref="EventQuery.Limit"/> of the owner's events after <see cref="EventQuery.After"/>, each row also
    /// naming the last position the read examined (ReadEvents.sql); filtered by types alone, one seek per type
    /// (ReadEventsOfTypes.sql).
    /// </summary>
    public DbCommand ReadEvents(string owner, EventQuery query)
    {
        var byTypes = query.Types is not null && query.ConversationId is null;
        var command = Command(byTypes ? "ReadEventsOfTypes" : "ReadEvents");
        dialect.BindFeedStart(command.Parameters, query.After);
        var types = query.Types?.Aggregate(0, (mask, type) => mask | (1 << (int)type));
        Bind(command.Parameters, ("owner", owner, DbType.String), ("types", types, DbType.Int32), ("take", query.Limit, DbType.Int32));
        if (!byTypes)
        {
            Bind(command.Parameters, ("conversation_id", query.ConversationId, DbType.AnsiString));
        }

        ListingQueries.Shape(command);
        return command;
    }

    /// <summary>Deletes up to <paramref name="take"/> grain state rows of <paramref name="stateName"/> last written before <paramref name="before"/>.</summary>
    public DbCommand DeleteExpiredGrainState(string stateName, DateTime before, int take)
    {
        var command = Command("DeleteExpiredGrainState");
        Bind(command.Parameters, ("grain_type", stateName, DbType.String), ("before", before, DbType.DateTime2), ("take", take, DbType.Int32));
        return command;
    }

    /// <summary>The position of the owner's newest event below the feed's horizon (LatestEvent.sql).</summary>
    public DbCommand LatestEvent(string owner)
    {
        var command = Command("LatestEvent");
        Bind(command.Parameters, ("owner", owner, DbType.String));
        return command;
    }

    public DbCommand PurgeEvents(DateTime olderThan, int take)
    {
        var command = Command("PurgeEvents");
        Bind(command.Parameters, ("older_than", olderThan, DbType.DateTime2), ("take", take, DbType.Int32));
        return command;
    }

    /// <summary>Binds <paramref name="columns"/> to <paramref name="row"/>'s values, each parameter named as its column.</summary>
    private void Bind<TRow>(DbParameterCollection parameters, TRow row, IEnumerable<SqlColumn<TRow>> columns)
    {
        foreach (var column in columns)
        {
            parameters.Add(dialect.Parameter(column.Name, column.Value(row), column.DbType));
        }
    }

    /// <summary>A write's events belong to the row it writes: the statements take owner and conversation from it.</summary>
    private void BindEvents(DbParameterCollection parameters, string owner, string id, IReadOnlyList<ConversationEvent> events)
    {
        CheckEvents(owner, id, events);
        dialect.BindEvents(parameters, events);
    }

    private static void CheckEvents(string owner, string id, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Any(e => e.Owner != owner || e.ConversationId != id))
        {
            throw new ArgumentException($"Every event of a write to {id} must be of that conversation and its owner.", nameof(events));
        }
    }

    private void Bind(DbParameterCollection parameters, params ReadOnlySpan<(string Name, object? Value, DbType Type)> values)
    {
        foreach (var (name, value, type) in values)
        {
            parameters.Add(dialect.Parameter(name, value, type));
        }
    }

    private DbCommand Command(string queryName)
    {
        var command = dialect.Factory.CreateCommand()!;
        command.CommandText = dialect.Query(queryName);
        return command;
    }
}
