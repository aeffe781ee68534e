using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Search;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Sql;

/// <summary>Reads the rows of events and appends, and the values every reader shares (a conversation: <see cref="ConversationColumns.Read"/>, a message: <see cref="MessageColumns.Read"/>).</summary>
internal static class SqlRows
{
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

    /// <summary>A row of SearchMessages: the message's columns, then its conversation's id and the five it answers with.</summary>
    public static SearchMatch SearchMatch(DbDataReader reader)
    {
        var message = MessageColumns.Read(reader);
        var at = MessageColumns.Row.Count;
        return new SearchMatch(message, new SearchedConversation(
            message.ConversationId,
            reader.GetString(at),
            (ConversationStatus)reader.GetInt16(at + 1),
            NullableString(reader, at + 2),
            NullableString(reader, at + 3),
            NullableString(reader, at + 4)));
    }

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

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTime? NullableUtc(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Utc(reader.GetDateTime(ordinal));

    /// <summary>Timestamps are stored in UTC; SqlClient reads <c>datetime2</c> back without a kind.</summary>
    public static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>A row of AppendMessages (<see cref="SqlRows.Appended"/>).</summary>
internal readonly record struct AppendedRow(bool Appended, string? ExternalMessageId, string? MessageId);
