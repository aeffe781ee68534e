using System.Data;
using System.Data.Common;
using Runtype.Grains.Search;

namespace Runtype.Storage.Sql;

/// <summary>The search's statement: one page of matches with their conversations.</summary>
internal sealed partial class SqlStatements
{
    /// <summary>
    /// Up to <paramref name="take"/> of the owner's messages matching <paramref name="query"/> after its key, newest
    /// first, each row a message (<see cref="MessageColumns.Row"/>) and then its conversation's surface, status,
    /// subject, participant name and e-mail (<see cref="SqlRows.SearchMatch"/>). The filters present shape the
    /// statement (<see cref="ListingQueries"/>), so each is a plain condition the planner can use.
    /// </summary>
    public DbCommand SearchMessages(string owner, MessageSearchQuery query, int take)
    {
        ArgumentNullException.ThrowIfNull(query);
        var command = Command("SearchMessages");
        var filter = query.Filter;
        Bind(command.Parameters,
            ("owner", owner, DbType.String),
            ("search", dialect.SearchText(query.Expression), DbType.String),
            ("conversation_id", filter.ConversationId, DbType.AnsiString),
            ("surface_id", filter.SurfaceId, DbType.String),
            ("status", filter.Status is { } status ? (short)status : null, DbType.Int16),
            ("participant_email", filter.ParticipantEmail, DbType.String),
            ("role", filter.Role is { } role ? (short)role : null, DbType.Int16),
            ("direction", filter.Direction is { } direction ? (short)direction : null, DbType.Int16),
            ("created_after", filter.CreatedAfter, DbType.DateTime2),
            ("created_before", filter.CreatedBefore, DbType.DateTime2),
            ("key_created_at", query.After?.CreatedAt, DbType.DateTime2),
            ("key_id", query.After?.Id, DbType.AnsiString),
            ("take", take, DbType.Int32));
        ListingQueries.Shape(command);
        return command;
    }
}
