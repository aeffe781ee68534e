using System.Data;
using System.Data.Common;
using NpgsqlTypes;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Storage.Sql;

/// <summary>
/// The columns of <c>runtype_messages</c>, each once: every statement's column list (<c>{message_row}</c>,
/// <c>{message_columns}</c>, <c>{message_arrays}</c>: <see cref="SqlTemplates"/>), both engines' binders (PostgreSQL
/// arrays, the SQL Server table type <see cref="SqlServerRowType"/>) and <see cref="Read"/> follow it.
/// </summary>
/// <remarks>
/// A new column: its entry here (in <see cref="Row"/>, and read in <see cref="Read"/>), and one migration per engine
/// that adds it to <c>runtype_messages</c>. If a write carries it (every column but <c>conversation_id</c> and
/// <c>redacted_at</c>), the SQL Server migration also creates a table type with it, named in
/// <see cref="SqlServerRowType"/>: a table type cannot be altered, and a running older silo still sends the old one.
/// </remarks>
internal static class MessageColumns
{
    /// <summary>
    /// The SQL Server table type a write's messages travel in, its columns those of <see cref="Written"/>: migration 0017's,
    /// with <c>delivery</c> (0009's <c>dbo.runtype_message_rows</c> stays for a silo still running the build before it).
    /// </summary>
    public const string SqlServerRowType = "dbo.runtype_message_rows_v2";

    // nvarchar(max), as SqlMetaData spells it.
    private const long SqlMetaDataMax = -1;

    public static readonly SqlColumn<Message, string> ConversationId = new(0, "conversation_id", NpgsqlDbType.Varchar, SqlDbType.VarChar, m => m.ConversationId, 31);
    public static readonly SqlColumn<Message, long> Position = new(1, "position", NpgsqlDbType.Bigint, SqlDbType.BigInt, m => m.Position);
    public static readonly SqlColumn<Message, string> Id = new(2, "id", NpgsqlDbType.Varchar, SqlDbType.VarChar, m => m.Id, 30);
    public static readonly SqlColumn<Message, short> Role = new(3, "role", NpgsqlDbType.Smallint, SqlDbType.SmallInt, m => (short)m.Role);
    public static readonly SqlColumn<Message, short> Direction = new(4, "direction", NpgsqlDbType.Smallint, SqlDbType.SmallInt, m => (short)m.Direction);
    public static readonly SqlColumn<Message, string> Content = new(5, "content", NpgsqlDbType.Text, SqlDbType.NVarChar, m => m.Content, SqlMetaDataMax);
    public static readonly SqlColumn<Message, string?> ExternalMessageId = new(6, "external_message_id", NpgsqlDbType.Varchar, SqlDbType.NVarChar, m => m.ExternalMessageId, 1000);
    public static readonly SqlColumn<Message, string?> FlowStepResultId = new(7, "flow_step_result_id", NpgsqlDbType.Varchar, SqlDbType.NVarChar, m => m.FlowStepResultId, 510);
    public static readonly SqlColumn<Message, string> Metadata = new(8, "metadata", NpgsqlDbType.Text, SqlDbType.NVarChar, m => m.Metadata, SqlMetaDataMax);
    public static readonly SqlColumn<Message, DateTime> CreatedAt = new(9, "created_at", NpgsqlDbType.TimestampTz, SqlDbType.DateTime2, m => m.CreatedAt);
    public static readonly SqlColumn<Message, DateTime?> RedactedAt = new(10, "redacted_at", NpgsqlDbType.TimestampTz, SqlDbType.DateTime2, m => m.RedactedAt);

    // The delivery as its JSON (DeliveryJson). nvarchar(max) on SQL Server: the writer escapes a character outside the BMP
    // as two \uXXXX, twelve UTF-16 units, so a 500-character lastError alone can take 6,000, past nvarchar's 4,000.
    public static readonly SqlColumn<Message, string?> Delivery = new(11, "delivery", NpgsqlDbType.Text, SqlDbType.NVarChar, m => DeliveryJson.Render(m.Delivery), SqlMetaDataMax);

    /// <summary>Every column, in the order each SELECT of a message lists them (<c>{message_row}</c>) and <see cref="Read"/> reads them.</summary>
    public static readonly IReadOnlyList<SqlColumn<Message>> Row =
        [ConversationId, Position, Id, Role, Direction, Content, ExternalMessageId, FlowStepResultId, Metadata, CreatedAt, RedactedAt, Delivery];

    /// <summary>
    /// What a write sends for each message (<c>{message_columns}</c>, <c>{message_arrays}</c>, the rows of
    /// <see cref="SqlServerRowType"/>): every column but the conversation's id, which is the write's, and
    /// <c>redacted_at</c>, which only a redaction sets.
    /// </summary>
    public static readonly IReadOnlyList<SqlColumn<Message>> Written = [.. Row.Where(c => c != ConversationId && c != RedactedAt)];

    /// <summary>The PostgreSQL parameter that carries a written column's array: <c>message_</c> and the column's name.</summary>
    public static string PostgresParameter(SqlColumn<Message> column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return "message_" + column.Name;
    }

    /// <summary>A message from a row whose columns are <see cref="Row"/>.</summary>
    public static Message Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Message
        {
            ConversationId = reader.GetString(ConversationId.Ordinal),
            Position = reader.GetInt64(Position.Ordinal),
            Id = reader.GetString(Id.Ordinal),
            Role = (MessageRole)reader.GetInt16(Role.Ordinal),
            Direction = (MessageDirection)reader.GetInt16(Direction.Ordinal),
            Content = reader.GetString(Content.Ordinal),
            ExternalMessageId = SqlRows.NullableString(reader, ExternalMessageId.Ordinal),
            FlowStepResultId = SqlRows.NullableString(reader, FlowStepResultId.Ordinal),
            Metadata = reader.GetString(Metadata.Ordinal),
            CreatedAt = SqlRows.Utc(reader.GetDateTime(CreatedAt.Ordinal)),
            RedactedAt = SqlRows.NullableUtc(reader, RedactedAt.Ordinal),
            Delivery = DeliveryJson.Parse(SqlRows.NullableString(reader, Delivery.Ordinal)),
        };
    }
}
