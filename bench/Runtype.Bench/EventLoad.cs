using System.Globalization;
using Npgsql;

namespace Runtype.Bench;

/// <summary>
/// An event log written straight into PostgreSQL as the product would have written it, for <see cref="BulkLoad.Owner"/>:
/// conversations, each created and then given <see cref="MessagesEach"/> messages, with the conversation rows, the
/// message rows and one event per write (conversation.created at sequence 1, then message.created at 2, 3, ...), the
/// event data rendered as ConversationJson and MessageJson render it and a message.created event's id the message's ULID
/// (Identifiers.CreatedEventId), so the API reads, serves and redacts them as its own. The events are inserted in
/// time order, so conversations interleave in the feed as they would under real traffic. Times fall within the last
/// day: older events would be purged by retention and their cursors answered 410.
/// </summary>
public static class EventLoad
{
    public const int MessagesEach = 19;
    public const int EventsEach = MessagesEach + 1;

    /// <summary>What every message's content says, after its own "Message p of conversation g: ".</summary>
    private const string Filler = "the quick brown fox jumps over the lazy dog, and then over the lazy dog once more.";

    /// <summary>Writes <paramref name="conversations"/> conversations (<see cref="EventsEach"/> events each) and analyses the tables.</summary>
    public static async Task LoadAsync(string connectionString, int conversations)
    {
        // Conversations start evenly over 12 hours and get a message every 37 seconds (with 50,000 conversations about 800
        // are active at any moment), all at most a day ago; whole milliseconds, as the API stores and writes times.
        var start = DateTime.UtcNow.AddDays(-1);
        start = new DateTime(start.Ticks - (start.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var spacing = Math.Max(1, 43_200_000L / conversations);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "SET work_mem = '256MB'"); // the events' sort by time: less of it spills to disk.
        await ExecuteAsync(connection, $$"""
            INSERT INTO runtype_conversations (
                owner, id, surface_id, status, subject, participant_name, participant_email, external_participant_id,
                external_thread_id, thread_key, timezone, context, participant_metadata, message_count, last_message_at,
                created_at, updated_at, version)
            SELECT '{{BulkLoad.Owner}}', {{ConversationId}}, {{SurfaceId}}, 0::smallint, 'Subject ' || g,
                   NULL, NULL, NULL, NULL, NULL, NULL, '{}', '{}', {{MessagesEach}}, {{At(MessagesEach)}}, {{At(0)}},
                   {{At(MessagesEach)}}, {{EventsEach}}
            FROM generate_series(1, {{conversations}}) g
            """, start, spacing);
        await ExecuteAsync(connection, $$"""
            INSERT INTO runtype_messages (conversation_id, position, id, role, direction, content, external_message_id,
                flow_step_result_id, metadata, created_at)
            SELECT {{ConversationId}}, p, {{MessageId}}, ((p + 1) % 2)::smallint, ((p + 1) % 2)::smallint,
                   {{Content}}, NULL, NULL, '{}', {{At("p")}}
            FROM generate_series(1, {{conversations}}) g, generate_series(1, {{MessagesEach}}) p
            """, start, spacing);
        await ExecuteAsync(connection, $$"""
            INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data)
            SELECT '{{BulkLoad.Owner}}', CASE WHEN p = 0 THEN {{CreatedEventId}} ELSE {{MessageCreatedEventId}} END,
                   {{ConversationId}}, CASE WHEN p = 0 THEN 1 ELSE 4 END, 1 + p, ts,
                   CASE WHEN p = 0 THEN {{ConversationJson}} ELSE {{MessageJson}} END
            FROM (SELECT g, p, {{At("p")}} AS ts, to_char({{At("p")}} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
                  FROM generate_series(1, {{conversations}}) g, generate_series(0, {{MessagesEach}}) p) s
            ORDER BY ts, g, p
            """, start, spacing);
        foreach (var table in new[] { "runtype_conversations", "runtype_messages", "runtype_events" })
        {
            await ExecuteAsync(connection, "VACUUM ANALYZE " + table);
        }

        await ExecuteAsync(connection, "CHECKPOINT"); // measure reads, not the flushing of what was just loaded.
    }

    /// <summary>The id of message <paramref name="position"/> (1-based) of bulk-loaded conversation <paramref name="conversation"/>.</summary>
    public static string MessageIdOf(long conversation, int position) =>
        "msg_01JB" + ((conversation * 1000) + position).ToString("X22", CultureInfo.InvariantCulture);

    /// <summary>What message <paramref name="position"/> of conversation <paramref name="conversation"/> says.</summary>
    public static string ContentOf(long conversation, int position) =>
        string.Create(CultureInfo.InvariantCulture, $"Message {position} of conversation {conversation}: {Filler}");

    private const string ConversationId = "'conv_01JB' || lpad(upper(to_hex(g)), 22, '0')";

    private const string MessageId = "'msg_01JB' || lpad(upper(to_hex(g::bigint * 1000 + p)), 22, '0')";

    // Identifiers.CreatedEventId: evt_ and the message's ULID.
    private const string MessageCreatedEventId = "'evt_01JB' || lpad(upper(to_hex(g::bigint * 1000 + p)), 22, '0')";

    // conversation.created events have ULIDs of their own, apart from the messages' (01JA, not 01JB).
    private const string CreatedEventId = "'evt_01JA' || lpad(upper(to_hex(g)), 22, '0')";

    private const string SurfaceId = "'surface-' || (g % 20)";

    private const string Content = "'Message ' || p || ' of conversation ' || g || ': " + Filler + "'";

    // ConversationJson.Write of the conversation as created: no messages yet, no surface (surface-N is not a stored surface).
    private const string ConversationJson = "'{\"id\":\"' || " + ConversationId + " || '\",\"surfaceId\":\"' || " + SurfaceId +
        " || '\",\"status\":\"open\",\"subject\":\"Subject ' || g || '\",\"participantName\":null,\"participantEmail\":null," +
        "\"externalParticipantId\":null,\"externalThreadId\":null,\"timezone\":null,\"messageCount\":0,\"lastMessageAt\":null," +
        "\"createdAt\":\"' || at || '\",\"updatedAt\":\"' || at || '\",\"context\":{},\"participantMetadata\":{}," +
        "\"autoCloseAfter\":null,\"autoArchiveAfter\":null,\"surface\":null}'";

    // MessageJson.Write: odd positions are the participant's (user, inbound), even ones the assistant's (outbound).
    private const string MessageJson = "'{\"id\":\"' || " + MessageId +
        " || '\",\"conversationId\":\"' || " + ConversationId + " || '\",\"role\":\"' || CASE WHEN p % 2 = 1 THEN 'user' ELSE 'assistant' END" +
        " || '\",\"direction\":\"' || CASE WHEN p % 2 = 1 THEN 'inbound' ELSE 'outbound' END || '\",\"content\":\"' || " + Content +
        " || '\",\"externalMessageId\":null,\"flowStepResultId\":null,\"metadata\":{},\"createdAt\":\"' || at || '\",\"redactedAt\":null}'";

    /// <summary>When conversation g had its write number <paramref name="p"/> (0 = created, then each message).</summary>
    private static string At(object p) => $"(@start + g * @spacing * interval '1 millisecond' + {p} * interval '37 seconds')";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, DateTime? start = null, long spacing = 1)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        if (start is { } at)
        {
            command.Parameters.AddWithValue("start", at);
            command.Parameters.AddWithValue("spacing", spacing);
        }

        await command.ExecuteNonQueryAsync();
    }
}
