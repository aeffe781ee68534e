using System.Data;
using System.Data.Common;
using Runtype.Grains;

namespace Runtype.Storage.Sql;

/// <summary>The listing's statements: a page, the look past its key, and the filter's total.</summary>
internal sealed partial class SqlStatements
{
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

    private void BindFilter(DbParameterCollection parameters, string owner, ConversationFilter filter) =>
        Bind(parameters,
            ("owner", owner, DbType.String),
            ("surface_id", filter.SurfaceId, DbType.String),
            ("status", filter.Status is { } s ? (short)s : null, DbType.Int16),
            ("external_thread_id", filter.ExternalThreadId, DbType.String),
            ("participant_email", filter.ParticipantEmail, DbType.String));
}
