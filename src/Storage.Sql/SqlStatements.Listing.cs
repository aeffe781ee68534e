using System.Data;
using System.Data.Common;
using Runtype.Grains;

namespace Runtype.Storage.Sql;

/// <summary>The listing's statements: a page, the look past its far edge, and the filter's total.</summary>
internal sealed partial class SqlStatements
{
    /// <summary>
    /// One listing page in one round trip: the page (up to <see cref="ConversationListQuery.Limit"/> + 1 rows, the
    /// extra one telling whether more lie beyond it), then, when the query has a key, the look for a page on the
    /// key's other side (0 or 1 row), then the total (one row, one column).
    /// </summary>
    /// <remarks>
    /// The look depends only on the key, not on the page, so all three go out together: the page's nearest row is
    /// the nearest matching row strictly beyond the key, so "a matching row between the page and the key's side" is
    /// "a matching row on the key's side, the key included" (the key's own row, if it is still there, was on the
    /// page the caller came from). Both engines batch (Npgsql and SqlClient answer <see cref="DbProviderFactory.CanCreateBatch"/>
    /// on .NET 6 and later, which a test checks): no sequential path is kept, as nothing would run it.
    /// </remarks>
    public DbBatch ListPage(string owner, ConversationListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var backward = query.Backward && query.Key is not null;
        var batch = dialect.Factory.CreateBatch();
        Add(batch, ListConversations(backward ? "ListNewer" : "ListOlder", owner, query.Filter, query.Key, query.Limit + 1));
        if (query.Key is { } key)
        {
            Add(batch, ListConversations(backward ? "ListOlder" : "ListNewer", owner, query.Filter, key, 1, inclusive: true));
        }

        Add(batch, CountConversations(owner, query.Filter));
        return batch;
    }

    /// <summary>
    /// <c>ListOlder</c> (after the key, older first) or <c>ListNewer</c> (before it, nearest first); with
    /// <paramref name="inclusive"/> the key's own row is included (the <c>from_*</c> parameters instead of <c>key_*</c>).
    /// </summary>
    public DbCommand ListConversations(string queryName, string owner, ConversationFilter filter, ConversationSortKey? key, int take, bool inclusive = false)
    {
        var command = Command(queryName);
        BindFilter(command.Parameters, owner, filter);
        var after = inclusive ? null : key;
        var from = inclusive ? key : null;
        Bind(command.Parameters,
            ("key_updated_at", after?.UpdatedAt, DbType.DateTime2),
            ("key_id", after?.Id, DbType.AnsiString),
            ("from_updated_at", from?.UpdatedAt, DbType.DateTime2),
            ("from_id", from?.Id, DbType.AnsiString),
            ("take", take, DbType.Int32));
        ListingQueries.Shape(command);
        return command;
    }

    /// <summary>
    /// The listing's total: summed from the owner's conversation totals (CountConversationTotals.sql, a cost that
    /// does not grow with the rows counted) unless the filter names an external thread or a participant e-mail,
    /// which the totals do not split by; those match few rows and are counted (CountConversations.sql).
    /// </summary>
    public DbCommand CountConversations(string owner, ConversationFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        DbCommand command;
        if (filter.ExternalThreadId is null && filter.ParticipantEmail is null)
        {
            command = Command("CountConversationTotals");
            Bind(command.Parameters,
                ("owner", owner, DbType.String),
                ("surface_id", filter.SurfaceId, DbType.String),
                ("status", filter.Status is { } s ? (short)s : null, DbType.Int16));
        }
        else
        {
            command = Command("CountConversations");
            BindFilter(command.Parameters, owner, filter);
        }

        ListingQueries.Shape(command);
        return command;
    }

    /// <summary>
    /// Moves a built command (its shaped text and its parameters, as bound above) into <paramref name="batch"/>, so a
    /// statement is bound in one place whether it runs alone or batched. A parameter belongs to one collection at
    /// a time, so the command lets go of them first.
    /// </summary>
    private static void Add(DbBatch batch, DbCommand command)
    {
        using (command)
        {
            var batched = batch.CreateBatchCommand();
            batched.CommandText = command.CommandText;
            batched.CommandType = CommandType.Text;
            var parameters = command.Parameters.Cast<DbParameter>().ToArray();
            command.Parameters.Clear();
            batched.Parameters.AddRange(parameters);
            batch.BatchCommands.Add(batched);
        }
    }

    private void BindFilter(DbParameterCollection parameters, string owner, ConversationFilter filter) =>
        Bind(parameters,
            ("owner", owner, DbType.String),
            ("surface_id", filter.SurfaceId, DbType.String),
            ("status", filter.Status is { } s ? (short)s : null, DbType.Int16),
            ("external_thread_id", filter.ExternalThreadId, DbType.String),
            ("participant_email", filter.ParticipantEmail, DbType.String));
}
