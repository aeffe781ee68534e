using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;
using Runtype.Grains;

namespace Runtype.Storage.Sql;

public sealed partial class SqlServerDialect
{
    /// <summary>The columns of <c>dbo.runtype_message_rows</c> (migration 0009), in order (the T-SQL binder test checks them).</summary>
    internal static readonly SqlMetaData[] MessageRowColumns =
    [
        new("position", SqlDbType.BigInt),
        new("id", SqlDbType.VarChar, 30),
        new("role", SqlDbType.SmallInt),
        new("direction", SqlDbType.SmallInt),
        new("content", SqlDbType.NVarChar, SqlMetaData.Max),
        new("external_message_id", SqlDbType.NVarChar, 1000),
        new("flow_step_result_id", SqlDbType.NVarChar, 510),
        new("metadata", SqlDbType.NVarChar, SqlMetaData.Max),
        new("created_at", SqlDbType.DateTime2, 0, 3),
    ];

    /// <summary>One table-valued parameter of type <c>dbo.runtype_message_rows</c>, a row per message (a batch is never empty).</summary>
    public override void BindImportedMessages(DbParameterCollection parameters, IReadOnlyList<Message> messages, bool probeIds)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(messages);
        var rows = messages.Select(m =>
        {
            var row = new SqlDataRecord(MessageRowColumns);
            row.SetInt64(0, m.Position);
            row.SetString(1, m.Id);
            row.SetInt16(2, (short)m.Role);
            row.SetInt16(3, (short)m.Direction);
            row.SetString(4, m.Content);
            row.SetValue(5, (object?)m.ExternalMessageId ?? DBNull.Value);
            row.SetValue(6, (object?)m.FlowStepResultId ?? DBNull.Value);
            row.SetString(7, m.Metadata);
            row.SetDateTime(8, m.CreatedAt);
            return row;
        }).ToList();
        parameters.Add(new SqlParameter("messages", SqlDbType.Structured) { TypeName = "dbo.runtype_message_rows", Value = rows });
    }
}
