using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using NpgsqlTypes;
using Runtype.Grains;

namespace Runtype.Storage.Sql;

/// <summary>
/// The columns of <c>runtype_conversations</c>, each once: the statements' column lists (<c>{conversation_row}</c>,
/// <c>{conversation_columns}</c>, <c>{conversation_values}</c>, <c>{conversation_set}</c>: <see cref="SqlTemplates"/>),
/// their parameters (<see cref="SqlStatements"/>) and <see cref="Read"/> follow it.
/// </summary>
/// <remarks>
/// A new column: its entry here (in <see cref="Row"/>, and read in <see cref="Read"/>), and one migration per engine
/// that adds it to <c>runtype_conversations</c>. SQL Server's exact-match keys (<c>external_thread_key</c>,
/// <c>participant_email_key</c>: hashes of their column's exact bytes, docs/storage.md) are the statements' own.
/// </remarks>
internal static class ConversationColumns
{
    // nvarchar(max), as SqlMetaData spells it.
    private const long Max = -1;

    public static readonly SqlColumn<Conversation, string> Owner = new(0, "owner", NpgsqlDbType.Text, SqlDbType.NVarChar, c => c.Owner, 255);
    public static readonly SqlColumn<Conversation, string> Id = new(1, "id", NpgsqlDbType.Varchar, SqlDbType.VarChar, c => c.Id, 31);
    public static readonly SqlColumn<Conversation, string> SurfaceId = new(2, "surface_id", NpgsqlDbType.Varchar, SqlDbType.NVarChar, c => c.Fields.SurfaceId, 510);
    public static readonly SqlColumn<Conversation, short> Status = new(3, "status", NpgsqlDbType.Smallint, SqlDbType.SmallInt, c => (short)c.Fields.Status);
    public static readonly SqlColumn<Conversation, string?> Subject = new(4, "subject", NpgsqlDbType.Text, SqlDbType.NVarChar, c => c.Fields.Subject, 1000);
    public static readonly SqlColumn<Conversation, string?> ParticipantName = new(5, "participant_name", NpgsqlDbType.Text, SqlDbType.NVarChar, c => c.Fields.ParticipantName, 510);
    public static readonly SqlColumn<Conversation, string?> ParticipantEmail = new(6, "participant_email", NpgsqlDbType.Varchar, SqlDbType.NVarChar, c => c.Fields.ParticipantEmail, 640);
    public static readonly SqlColumn<Conversation, string?> ExternalParticipantId = new(7, "external_participant_id", NpgsqlDbType.Varchar, SqlDbType.NVarChar, c => c.Fields.ExternalParticipantId, 1000);
    public static readonly SqlColumn<Conversation, string?> ExternalThreadId = new(8, "external_thread_id", NpgsqlDbType.Varchar, SqlDbType.NVarChar, c => c.Fields.ExternalThreadId, 1000);
    public static readonly SqlColumn<Conversation, string?> Timezone = new(9, "timezone", NpgsqlDbType.Varchar, SqlDbType.VarChar, c => c.Fields.Timezone, 64);
    public static readonly SqlColumn<Conversation, string> Context = new(10, "context", NpgsqlDbType.Text, SqlDbType.NVarChar, c => c.Fields.Context, Max);
    public static readonly SqlColumn<Conversation, string> ParticipantMetadata = new(11, "participant_metadata", NpgsqlDbType.Text, SqlDbType.NVarChar, c => c.Fields.ParticipantMetadata, Max);
    public static readonly SqlColumn<Conversation, long> MessageCount = new(12, "message_count", NpgsqlDbType.Bigint, SqlDbType.BigInt, c => c.MessageCount);
    public static readonly SqlColumn<Conversation, DateTime?> LastMessageAt = new(13, "last_message_at", NpgsqlDbType.TimestampTz, SqlDbType.DateTime2, c => c.LastMessageAt);
    public static readonly SqlColumn<Conversation, DateTime> CreatedAt = new(14, "created_at", NpgsqlDbType.TimestampTz, SqlDbType.DateTime2, c => c.CreatedAt);
    public static readonly SqlColumn<Conversation, DateTime> UpdatedAt = new(15, "updated_at", NpgsqlDbType.TimestampTz, SqlDbType.DateTime2, c => c.UpdatedAt);
    public static readonly SqlColumn<Conversation, long> Version = new(16, "version", NpgsqlDbType.Bigint, SqlDbType.BigInt, c => c.Version);
    public static readonly SqlColumn<Conversation, long?> AutoCloseAfter = new(17, "auto_close_after", NpgsqlDbType.Bigint, SqlDbType.BigInt, c => Seconds(c.Fields.AutoCloseAfter));
    public static readonly SqlColumn<Conversation, long?> AutoArchiveAfter = new(18, "auto_archive_after", NpgsqlDbType.Bigint, SqlDbType.BigInt, c => Seconds(c.Fields.AutoArchiveAfter));
    public static readonly SqlColumn<Conversation, byte[]?> ThreadKey = new(SqlColumn<Conversation>.NotSelected, "thread_key", NpgsqlDbType.Bytea, SqlDbType.Binary, c => ThreadKeyOf(c.Fields), 32);

    /// <summary>Every column a SELECT of a conversation lists (<c>{conversation_row}</c>), in the order <see cref="Read"/> reads them.</summary>
    public static readonly IReadOnlyList<SqlColumn<Conversation>> Row =
    [
        Owner, Id, SurfaceId, Status, Subject, ParticipantName, ParticipantEmail, ExternalParticipantId, ExternalThreadId, Timezone, Context,
        ParticipantMetadata, MessageCount, LastMessageAt, CreatedAt, UpdatedAt, Version, AutoCloseAfter, AutoArchiveAfter,
    ];

    /// <summary>What an insert writes (<c>{conversation_columns}</c>, <c>{conversation_values}</c>): the row and the thread's key.</summary>
    public static readonly IReadOnlyList<SqlColumn<Conversation>> Inserted = [.. Row, ThreadKey];

    /// <summary>The key an update finds its row by.</summary>
    public static readonly IReadOnlyList<SqlColumn<Conversation>> Key = [Owner, Id];

    /// <summary>What an append changes in its conversation (a post may reopen it: its status), and the key it finds it by.</summary>
    public static readonly IReadOnlyList<SqlColumn<Conversation>> Appended = [Owner, Id, Status, MessageCount, LastMessageAt, UpdatedAt, Version];

    /// <summary>What an update sets (<c>{conversation_set}</c>): everything an insert writes but the key and <c>created_at</c>.</summary>
    public static readonly IReadOnlyList<SqlColumn<Conversation>> Updated = [.. Inserted.Except([.. Key, CreatedAt])];

    /// <summary>A conversation from a row whose columns are <see cref="Row"/>.</summary>
    public static Conversation Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Conversation
        {
            Owner = reader.GetString(Owner.Ordinal),
            Id = reader.GetString(Id.Ordinal),
            Fields = new ConversationFields
            {
                SurfaceId = reader.GetString(SurfaceId.Ordinal),
                Status = (ConversationStatus)reader.GetInt16(Status.Ordinal),
                Subject = SqlRows.NullableString(reader, Subject.Ordinal),
                ParticipantName = SqlRows.NullableString(reader, ParticipantName.Ordinal),
                ParticipantEmail = SqlRows.NullableString(reader, ParticipantEmail.Ordinal),
                ExternalParticipantId = SqlRows.NullableString(reader, ExternalParticipantId.Ordinal),
                ExternalThreadId = SqlRows.NullableString(reader, ExternalThreadId.Ordinal),
                Timezone = SqlRows.NullableString(reader, Timezone.Ordinal),
                Context = reader.GetString(Context.Ordinal),
                ParticipantMetadata = reader.GetString(ParticipantMetadata.Ordinal),
                AutoCloseAfter = Duration(reader, AutoCloseAfter.Ordinal),
                AutoArchiveAfter = Duration(reader, AutoArchiveAfter.Ordinal),
            },
            MessageCount = reader.GetInt64(MessageCount.Ordinal),
            LastMessageAt = SqlRows.NullableUtc(reader, LastMessageAt.Ordinal),
            CreatedAt = SqlRows.Utc(reader.GetDateTime(CreatedAt.Ordinal)),
            UpdatedAt = SqlRows.Utc(reader.GetDateTime(UpdatedAt.Ordinal)),
            Version = reader.GetInt64(Version.Ordinal),
        };
    }

    /// <summary>
    /// The short unique key of a surface's external thread (see the thread index in the schema). The first
    /// encoding joined the two parts with a newline, which is ambiguous when the surface id holds one; such
    /// surfaces put a NUL (which no stored string may contain) before each part instead. Every other key keeps
    /// the first encoding, so stored keys stay valid (migration 0005 re-keys the rows that change).
    /// </summary>
    public static byte[]? ThreadKeyOf(ConversationFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.ExternalThreadId is not { } thread)
        {
            return null;
        }

        var encoded = fields.SurfaceId.Contains('\n', StringComparison.Ordinal)
            ? "\0" + fields.SurfaceId + "\0" + thread
            : fields.SurfaceId + "\n" + thread;
        return SHA256.HashData(Encoding.UTF8.GetBytes(encoded));
    }

    // Whole seconds: the API takes no finer durations.
    private static long? Seconds(TimeSpan? duration) => duration is { } d ? (long)d.TotalSeconds : null;

    private static TimeSpan? Duration(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimeSpan.FromSeconds(reader.GetInt64(ordinal));
}
