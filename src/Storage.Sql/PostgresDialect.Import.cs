using System.Data.Common;
using NpgsqlTypes;
using Runtype.Grains;

namespace Runtype.Storage.Sql;

public sealed partial class PostgresDialect
{
    /// <summary>One array per column, one element per message, unnested in order by ImportMessages.sql.</summary>
    public override void BindImportedMessages(DbParameterCollection parameters, IReadOnlyList<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(messages);
        Add(parameters, "position", NpgsqlDbType.Bigint, Column(messages, m => m.Position));
        Add(parameters, "message_id", NpgsqlDbType.Varchar, Column(messages, m => m.Id));
        Add(parameters, "role", NpgsqlDbType.Smallint, Column(messages, m => (short)m.Role));
        Add(parameters, "direction", NpgsqlDbType.Smallint, Column(messages, m => (short)m.Direction));
        Add(parameters, "content", NpgsqlDbType.Text, Column(messages, m => m.Content));
        Add(parameters, "external_message_id", NpgsqlDbType.Varchar, Column(messages, m => m.ExternalMessageId));
        Add(parameters, "flow_step_result_id", NpgsqlDbType.Varchar, Column(messages, m => m.FlowStepResultId));
        Add(parameters, "metadata", NpgsqlDbType.Text, Column(messages, m => m.Metadata));
        Add(parameters, "created_at", NpgsqlDbType.TimestampTz, Column(messages, m => m.CreatedAt));
    }
}
