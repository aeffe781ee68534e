using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using Runtype.Grains.Events;
using Runtype.Grains.Search;

namespace Runtype.Storage.Sql;

public sealed partial class PostgresDialect : SqlDialect
{
    public const string ProviderName = "postgres";

    public override string Name => ProviderName;

    public override string Invariant => "Npgsql";

    public override DbProviderFactory Factory => NpgsqlFactory.Instance;

    public override bool GroupsAppends => true;

    /// <summary>
    /// A snapshot for the whole listing batch: PostgreSQL's repeatable read reads one snapshot, and a transaction
    /// that only reads never fails on it. Npgsql sends the BEGIN with the batch; the COMMIT is one more round trip.
    /// </summary>
    public override IsolationLevel? ListingIsolation => IsolationLevel.RepeatableRead;

    /// <summary>
    /// Automatic preparation unless the connection string sets it: each pooled connection prepares the statements
    /// it runs repeatedly, so PostgreSQL stops parsing and planning every append and read (measured on create
    /// message at 64 connections: ~2,700 -> ~4,800 req/s, p99 51 -> 28 ms).
    /// </summary>
    public override string Tune(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// No automatic preparation for searches: a prepared statement may be run with a generic plan, made without the
    /// query, and a search's best plan depends on its words (a rare word through the GIN index, a common one by walking
    /// the newest messages: SearchMessages.sql). Unprepared, every search is planned with its own values, for about a
    /// millisecond of planning, and no cached plan of the write path is pushed out of the connections' 64 slots.
    /// </summary>
    public override string ForSearches(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 0 };
        return builder.ConnectionString;
    }

    /// <summary>The query as a tsquery of our analyzer's terms (<see cref="PostgresSearchText.Query"/>), matched against the vectors the writes stored.</summary>
    public override string SearchText(SearchExpression expression) => PostgresSearchText.Query(expression);

    /// <summary>
    /// Npgsql takes an automatically prepared statement as prepared once the server has parsed it, and learns its
    /// result columns only from the Describe after the Bind. When the server refuses the Bind of that very run (a value
    /// it cannot take, such as a NUL in text, or any other error before the Describe), Npgsql keeps the statement as
    /// prepared with no result columns, and the next run of it on this connection, wherever the pool hands it out,
    /// reads its first row where Npgsql expects the end of the command: "Received unexpected backend message DataRow",
    /// and the connection breaks (docs/storage.md). So after a refusal the connection forgets every statement it
    /// prepared (DEALLOCATE ALL, one round trip, synchronous in Npgsql) before it goes back to the pool. A unique
    /// violation is exempt: the server raises it only while executing, after the Describe, and it is one of the
    /// store's ordinary answers (a taken thread, the import's retry under reserved ids).
    /// </summary>
    public override void AfterRefusal(DbConnection connection, DbException refusal)
    {
        if (refusal is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
            || connection is not NpgsqlConnection { State: ConnectionState.Open } npgsql)
        {
            return;
        }

        try
        {
            npgsql.UnprepareAll();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // Not forgotten: no connection of this pool may be handed out again (a broken one never is).
            NpgsqlConnection.ClearPool(npgsql);
        }
    }

    public override string ErrorCode(DbException exception) => exception is PostgresException server ? server.SqlState : exception.GetType().Name;

    /// <summary>
    /// One array per column, unnested in order by the statement: a fixed statement text whatever the number of
    /// events, so it stays prepared.
    /// </summary>
    public override void BindEvents(DbParameterCollection parameters, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(events);
        Add(parameters, "event_id", NpgsqlDbType.Varchar, Column(events, e => e.Id));
        Add(parameters, "event_type", NpgsqlDbType.Smallint, Column(events, e => (short)e.Type));
        Add(parameters, "event_sequence", NpgsqlDbType.Bigint, Column(events, e => e.Sequence));
        Add(parameters, "event_created_at", NpgsqlDbType.TimestampTz, Column(events, e => e.CreatedAt));
        Add(parameters, "event_data", NpgsqlDbType.Text, Column(events, e => e.Data));
        Add(parameters, "event_previous_attributes", NpgsqlDbType.Text, Column(events, e => e.PreviousAttributes));
        Add(parameters, "event_trace_parent", NpgsqlDbType.Varchar, Column(events, e => e.TraceParent));
        Add(parameters, "event_reason", NpgsqlDbType.Varchar, Column(events, e => e.Reason));
    }

    /// <summary>Position = (transaction id, sequence in the log): see ReadEvents.sql.</summary>
    public override void BindFeedStart(DbParameterCollection parameters, EventPosition after)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Add(Parameter("after_tx", after.Major, DbType.Int64));
        parameters.Add(Parameter("after_seq", after.Minor, DbType.Int64));
    }

    public override void BindExternalMessageIds(DbParameterCollection parameters, IReadOnlyList<string> externalMessageIds)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(externalMessageIds);
        Add(parameters, "external_message_ids", NpgsqlDbType.Varchar, externalMessageIds.ToArray());
    }

    /// <summary>Npgsql maps <see cref="DbType.DateTime"/> to <c>timestamptz</c> (UTC), our column type; DateTime2 would be <c>timestamp</c>.</summary>
    protected override DbType MapType(DbType type) => type == DbType.DateTime2 ? DbType.DateTime : type;

    private static T[] Column<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> value)
    {
        var column = new T[rows.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }

        return column;
    }

    private static void Add(DbParameterCollection parameters, string name, NpgsqlDbType element, Array values) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | element) { Value = values });

    public override bool IsUniqueViolation(DbException exception, out string? constraint)
    {
        constraint = (exception as PostgresException)?.ConstraintName;
        return exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
    }

    public override bool IsUnavailable(Exception exception) => exception switch
    {
        // Connection exceptions (08), insufficient resources (53), operator intervention such as shutdown (57P),
        // and serialization failures or deadlocks (40) are worth a retry; other server errors are bugs.
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal)
            || server.SqlState.StartsWith("53", StringComparison.Ordinal)
            || server.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || server.SqlState.StartsWith("40", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        InvalidOperationException when exception.InnerException is not null => IsUnavailable(exception.InnerException),
        _ => false,
    };
}
