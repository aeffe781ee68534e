using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Storage.Sql;

/// <summary>Reads rows in the column order every SELECT of a conversation or an event lists them (a message: <see cref="MessageColumns.Read"/>).</summary>
internal static class SqlRows
{
    public static Conversation Conversation(DbDataReader reader) => new()
    {
        Owner = reader.GetString(0),
        Id = reader.GetString(1),
        Fields = new ConversationFields
        {
            SurfaceId = reader.GetString(2),
            Status = (ConversationStatus)reader.GetInt16(3),
            Subject = NullableString(reader, 4),
            ParticipantName = NullableString(reader, 5),
            ParticipantEmail = NullableString(reader, 6),
            ExternalParticipantId = NullableString(reader, 7),
            ExternalThreadId = NullableString(reader, 8),
            Timezone = NullableString(reader, 9),
            Context = reader.GetString(10),
            ParticipantMetadata = reader.GetString(11),
            AutoCloseAfter = Seconds(reader, 17),
            AutoArchiveAfter = Seconds(reader, 18),
        },
        MessageCount = reader.GetInt64(12),
        LastMessageAt = NullableUtc(reader, 13),
        CreatedAt = Utc(reader.GetDateTime(14)),
        UpdatedAt = Utc(reader.GetDateTime(15)),
        Version = reader.GetInt64(16),
    };

    /// <summary>
    /// A row of AppendMessages: that the append took effect, or a stored message holding one of its external ids or
    /// ids (which of the two the caller tells by its own messages).
    /// </summary>
    public static AppendedRow Appended(DbDataReader reader) =>
        new(reader.GetBoolean(0), NullableString(reader, 1), NullableString(reader, 2));

    /// <summary>An event and its position (two bigints on every engine: see ReadEvents.sql).</summary>
    public static StoredEvent Event(DbDataReader reader) => new(
        new EventPosition(reader.GetInt64(0), reader.GetInt64(1)),
        new ConversationEvent
        {
            Id = reader.GetString(2),
            Owner = reader.GetString(3),
            ConversationId = reader.GetString(4),
            Type = (EventType)reader.GetInt16(5),
            Sequence = reader.GetInt64(6),
            CreatedAt = Utc(reader.GetDateTime(7)),
            Data = reader.GetString(8),
            PreviousAttributes = NullableString(reader, 9),
            TraceParent = NullableString(reader, 10),
            Reason = NullableString(reader, 11),
        });

    /// <summary>A row of ReadEvents: the event (none on the row of a read that found nothing) and the last position the read examined.</summary>
    public static (StoredEvent? Event, EventPosition Examined) EventRow(DbDataReader reader) =>
        (reader.IsDBNull(0) ? null : Event(reader), new EventPosition(reader.GetInt64(reader.FieldCount - 2), reader.GetInt64(reader.FieldCount - 1)));

    /// <summary>Runs <paramref name="command"/> on <paramref name="connection"/> (disposing it) and reads every row.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(DbConnection connection, DbCommand command, Func<DbDataReader, T> read)
    {
        await using (command)
        {
            command.Connection = connection;
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
    }

    /// <summary>As <see cref="ReadAllAsync{T}"/>, for a statement that finds at most one row.</summary>
    public static async Task<T?> ReadFirstAsync<T>(DbConnection connection, DbCommand command, Func<DbDataReader, T> read)
        where T : class =>
        (await ReadAllAsync(connection, command, read)).FirstOrDefault();

    private static TimeSpan? Seconds(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimeSpan.FromSeconds(reader.GetInt64(ordinal));

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTime? NullableUtc(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Utc(reader.GetDateTime(ordinal));

    /// <summary>Timestamps are stored in UTC; SqlClient reads <c>datetime2</c> back without a kind.</summary>
    public static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>A row of AppendMessages (<see cref="SqlRows.Appended"/>).</summary>
internal readonly record struct AppendedRow(bool Appended, string? ExternalMessageId, string? MessageId);
