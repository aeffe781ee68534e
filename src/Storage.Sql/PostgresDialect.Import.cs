using System.Data.Common;
using NpgsqlTypes;
using Runtype.Grains;

namespace Runtype.Storage.Sql;

public sealed partial class PostgresDialect
{
    /// <summary>
    /// One array per column, one element per message, unnested in order by ImportMessages.sql; and the ids it looks for
    /// among the stored messages (<c>@probe_id</c>): none unless <paramref name="probeIds"/>, since fresh ids cannot be
    /// there and the unique index on (conversation, id) refuses them anyway, and 1,000 lookups are a third of the
    /// statement's work.
    /// </summary>
    public override void BindImportedMessages(DbParameterCollection parameters, IReadOnlyList<Message> messages, bool probeIds)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(messages);
        Add(parameters, "position", NpgsqlDbType.Bigint, Column(messages, m => m.Position));
        Add(parameters, "message_id", NpgsqlDbType.Varchar, Column(messages, m => m.Id));
        Add(parameters, "probe_id", NpgsqlDbType.Varchar, probeIds ? Column(messages, m => m.Id) : Array.Empty<string>());
        Add(parameters, "role", NpgsqlDbType.Smallint, Column(messages, m => (short)m.Role));
        Add(parameters, "direction", NpgsqlDbType.Smallint, Column(messages, m => (short)m.Direction));
        Add(parameters, "content", NpgsqlDbType.Text, Column(messages, m => m.Content));
        Add(parameters, "external_message_id", NpgsqlDbType.Varchar, Column(messages, m => m.ExternalMessageId));
        Add(parameters, "flow_step_result_id", NpgsqlDbType.Varchar, Column(messages, m => m.FlowStepResultId));
        Add(parameters, "metadata", NpgsqlDbType.Text, Column(messages, m => m.Metadata));
        Add(parameters, "created_at", NpgsqlDbType.TimestampTz, Column(messages, m => m.CreatedAt));
    }
}
