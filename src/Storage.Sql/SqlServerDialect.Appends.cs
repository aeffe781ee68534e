using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;
using Runtype.Grains;

namespace Runtype.Storage.Sql;

public sealed partial class SqlServerDialect
{
    private static readonly SqlMetaData[] MessageRowColumns = [.. MessageColumns.Written.Select(c => c.SqlServer)];

    /// <summary>
    /// One table-valued parameter of type <see cref="MessageColumns.SqlServerRowType"/>, a row per message (an append is
    /// never empty), its columns as <see cref="MessageColumns.Written"/> lists them. The statement always looks for the
    /// ids, whatever <paramref name="probeIds"/> says: one join on the unique index per key (AppendMessages.sql).
    /// </summary>
    public override void BindMessages(DbParameterCollection parameters, IReadOnlyList<Message> messages, bool probeIds)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(messages);
        var rows = messages.Select(m =>
        {
            var row = new SqlDataRecord(MessageRowColumns);
            for (var i = 0; i < MessageRowColumns.Length; i++)
            {
                row.SetValue(i, MessageColumns.Written[i].Value(m) ?? DBNull.Value);
            }

            return row;
        }).ToList();
        parameters.Add(new SqlParameter("messages", SqlDbType.Structured) { TypeName = MessageColumns.SqlServerRowType, Value = rows });
    }
}
