using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;
using Runtype.Grains.Events;

namespace Runtype.Storage.Sql;

/// <summary>SQL Server through Microsoft.Data.SqlClient. Its statements are parsed by ScriptDom in the tests.</summary>
public sealed partial class SqlServerDialect : SqlDialect
{
    public const string ProviderName = "sqlserver";

    // Unique index (2601) and unique or primary key constraint (2627).
    private static readonly HashSet<int> UniqueViolations = [2601, 2627];

    // Timeout (-2), network and login failures, deadlock victim (1205), Azure SQL throttling and failover.
    private static readonly HashSet<int> Retriable = [-2, 2, 53, 121, 233, 1205, 4060, 10053, 10054, 10060, 10928, 10929, 40197, 40501, 40613, 49918, 49919, 49920];

    /// <summary>The columns of <c>dbo.runtype_event_rows</c>, in order (the T-SQL binder test checks them against the migration).</summary>
    internal static readonly SqlMetaData[] EventRowColumns =
    [
        new("id", System.Data.SqlDbType.VarChar, 30),
        new("type", System.Data.SqlDbType.SmallInt),
        new("sequence", System.Data.SqlDbType.BigInt),
        new("created_at", System.Data.SqlDbType.DateTime2, 0, 3),
        new("data", System.Data.SqlDbType.NVarChar, SqlMetaData.Max),
        new("previous_attributes", System.Data.SqlDbType.NVarChar, SqlMetaData.Max),
        new("trace_parent", System.Data.SqlDbType.VarChar, 55),
    ];

    /// <summary>The table type a lookup's external message ids travel in (migration 0017).</summary>
    internal const string ExternalMessageIdsType = "dbo.runtype_external_message_ids";

    /// <summary>The columns of <see cref="ExternalMessageIdsType"/>: one, as long as <c>runtype_messages.external_message_id</c>.</summary>
    internal static readonly SqlMetaData[] ExternalMessageIdColumns = [MessageColumns.ExternalMessageId.SqlServer];

    public override string Name => ProviderName;

    public override string Invariant => "Microsoft.Data.SqlClient";

    public override DbProviderFactory Factory => SqlClientFactory.Instance;

    public override string ErrorCode(DbException exception) => exception is SqlException sql ? sql.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : exception.GetType().Name;

    /// <summary>
    /// The batch deletes events and their data (runtype_event_data) and selects how many events went (see
    /// PurgeEvents.sql): a row count would add the two.
    /// </summary>
    public override async Task<int> PurgedAsync(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One table-valued parameter of type <c>dbo.runtype_event_rows</c> (migration 0006), columns in its order and
    /// types. No rows is sent as null: SqlClient refuses an empty record list. The type has no column for an event's
    /// reason, so the write's events share one, <c>@reason</c> (fragments/InsertEvents.sql).
    /// </summary>
    public override void BindEvents(DbParameterCollection parameters, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(events);
        var rows = events.Select(e =>
        {
            var row = new SqlDataRecord(EventRowColumns);
            row.SetString(0, e.Id);
            row.SetInt16(1, (short)e.Type);
            row.SetInt64(2, e.Sequence);
            row.SetDateTime(3, e.CreatedAt);
            row.SetString(4, e.Data);
            row.SetValue(5, (object?)e.PreviousAttributes ?? DBNull.Value);
            row.SetValue(6, (object?)e.TraceParent ?? DBNull.Value);
            return row;
        }).ToList();
        parameters.Add(new SqlParameter("events", System.Data.SqlDbType.Structured)
        {
            TypeName = "dbo.runtype_event_rows",
            Value = rows.Count == 0 ? null : rows,
        });
        var reasons = events.Select(e => e.Reason).Distinct(StringComparer.Ordinal).ToList();
        if (reasons.Count > 1)
        {
            throw new ArgumentException("The events of one write share one reason on SQL Server.", nameof(events));
        }

        parameters.Add(Parameter("reason", reasons.FirstOrDefault(), System.Data.DbType.AnsiString));
    }

    /// <summary>
    /// One table-valued parameter of type <see cref="ExternalMessageIdsType"/> (migration 0017), a row per id; the
    /// statement compares their hashes, not the text (FindByExternalMessageIds.sql). Never empty: the store asks no
    /// question for no ids, and SqlClient refuses an empty record list.
    /// </summary>
    public override void BindExternalMessageIds(DbParameterCollection parameters, IReadOnlyList<string> externalMessageIds)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(externalMessageIds);
        var rows = externalMessageIds.Select(id =>
        {
            var row = new SqlDataRecord(ExternalMessageIdColumns);
            row.SetString(0, id);
            return row;
        }).ToList();
        parameters.Add(new SqlParameter("external_message_ids", System.Data.SqlDbType.Structured) { TypeName = ExternalMessageIdsType, Value = rows });
    }

    /// <summary>Position = (rowversion as bigint, 0): see ReadEvents.sql.</summary>
    public override void BindFeedStart(DbParameterCollection parameters, EventPosition after)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Add(Parameter("after", after.Major, System.Data.DbType.Int64));
    }

    public override bool IsUniqueViolation(DbException exception, out string? constraint)
    {
        constraint = null;
        if (exception is not SqlException sql || !UniqueViolations.Contains(sql.Number))
        {
            return false;
        }

        // "Cannot insert duplicate key row in object 'dbo.t' with unique index 'ux_name'."
        var message = sql.Message;
        foreach (var name in new[] { "ux_runtype_conversations_thread", "pk_runtype_conversations", "ux_runtype_messages_external_key", "ux_runtype_messages_id", "pk_runtype_messages" })
        {
            if (message.Contains(name, StringComparison.Ordinal))
            {
                constraint = name;
            }
        }

        return true;
    }

    public override bool IsUnavailable(Exception exception) => exception switch
    {
        SqlException sql => sql.IsTransient || sql.Errors.Cast<SqlError>().Any(e => Retriable.Contains(e.Number)),
        TimeoutException or SocketException or IOException => true,
        InvalidOperationException when exception.InnerException is not null => IsUnavailable(exception.InnerException),
        _ => false,
    };
}
