using System.Data.Common;
using NpgsqlTypes;
using Runtype.Grains;

namespace Runtype.Storage.Sql;

public sealed partial class PostgresDialect
{
    /// <summary>
    /// One array per column as <see cref="MessageColumns.Written"/> lists them, one element per message, unnested in
    /// order by AppendMessages.sql; and the ids it looks for among the stored messages (<c>@probe_id</c>): none unless
    /// <paramref name="probeIds"/>, since fresh ids cannot be there and the unique index on (conversation, id) refuses
    /// them anyway, and 1,000 lookups are a third of a history batch's work.
    /// </summary>
    public override void BindMessages(DbParameterCollection parameters, IReadOnlyList<Message> messages, bool probeIds)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(messages);
        AddMessages(parameters, messages);
        Add(parameters, "probe_id", NpgsqlDbType.Varchar, probeIds ? MessageColumns.Id.Values(messages) : Array.Empty<string>());
    }

    /// <summary>
    /// One array per column, one element per append: the conversations' (<c>@owner</c>, <c>@id</c>, ...) and the
    /// messages' as <see cref="BindMessages"/> binds them; events with the 1-based place of their append. See
    /// AppendMessageGroup.sql.
    /// </summary>
    public override void BindAppendGroup(DbParameterCollection parameters, IReadOnlyList<AppendWrite> appends)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(appends);
        Conversation[] conversations = [.. appends.Select(a => a.Updated)];
        foreach (var column in ConversationColumns.Appended)
        {
            Add(parameters, column.Name, column.Postgres, column.Values(conversations));
        }

        Add(parameters, "expected_version", NpgsqlDbType.Bigint, Column(appends, a => a.ExpectedVersion));
        AddMessages(parameters, [.. appends.Select(a => a.Message)]);

        var events = appends.SelectMany((a, i) => a.Events.Select(e => (Append: (long)i + 1, Event: e))).ToList();
        Add(parameters, "event_append", NpgsqlDbType.Bigint, Column(events, e => e.Append));
        BindEvents(parameters, [.. events.Select(e => e.Event)]);
    }

    /// <summary>
    /// The messages' columns, <c>@message_position</c>, <c>@message_id</c>, ...: the statements' <c>{message_arrays}</c>;
    /// and each message's search vector (<c>@message_search_vector</c>), a column of PostgreSQL's alone, computed here
    /// (<see cref="PostgresSearchText"/>).
    /// </summary>
    private static void AddMessages(DbParameterCollection parameters, IReadOnlyList<Message> messages)
    {
        foreach (var column in MessageColumns.Written)
        {
            Add(parameters, MessageColumns.PostgresParameter(column), column.Postgres, column.Values(messages));
        }

        Add(parameters, "message_search_vector", NpgsqlDbType.Text, messages.Select(m => PostgresSearchText.Vector(m.Content)).ToArray());
    }
}
