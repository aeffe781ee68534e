using Npgsql;

namespace Runtype.Bench;

/// <summary>
/// Rows written straight into PostgreSQL, shaped exactly as the product writes them (ids in the product's format,
/// counters that agree with the message rows), so the API serves them as its own.
/// </summary>
public static class BulkLoad
{
    public const string Owner = "restart-owner"; // ApiProcess's key owner.

    /// <summary>
    /// <paramref name="count"/> conversations over <paramref name="surfaces"/> surfaces and the three statuses, each
    /// with <paramref name="messagesEach"/> messages; updated_at spreads them over time so listing pages are real.
    /// </summary>
    public static async Task ConversationsAsync(string connectionString, int count, int surfaces, int messagesEach)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $$"""
            INSERT INTO runtype_conversations (
                owner, id, surface_id, status, subject, participant_name, participant_email, external_participant_id,
                external_thread_id, thread_key, timezone, context, participant_metadata, message_count, last_message_at,
                created_at, updated_at, version)
            SELECT '{{Owner}}', {{ConversationId("g")}}, 'surface-' || (g % {{surfaces}}), ((g / {{surfaces}}) % 3)::smallint,
                   'Subject ' || g, NULL, NULL, NULL, NULL, NULL, NULL, '{}', '{}',
                   {{messagesEach}}, CASE WHEN {{messagesEach}} > 0 THEN ts END, ts, ts, 1 + {{messagesEach}}
            FROM (SELECT g, timestamptz '2024-01-01' + g * interval '1 second' AS ts FROM generate_series(1, {{count}}) g) s
            """);
        if (messagesEach > 0)
        {
            await ExecuteAsync(connection, $$"""
                INSERT INTO runtype_messages (conversation_id, position, id, role, direction, content, external_message_id,
                    flow_step_result_id, metadata, created_at)
                SELECT {{ConversationId("g")}}, p, 'msg_01JB' || lpad(upper(to_hex(g * 1000 + p)), 22, '0'),
                       (p % 2)::smallint, (p % 2)::smallint, 'Message ' || p || ' of conversation ' || g, NULL, NULL, '{}',
                       timestamptz '2024-01-01' + g * interval '1 second' - ({{messagesEach}} - p) * interval '1 millisecond'
                FROM generate_series(1, {{count}}) g, generate_series(1, {{messagesEach}}) p
                """);
        }

        await ExecuteAsync(connection, "VACUUM ANALYZE runtype_conversations");
        await ExecuteAsync(connection, "VACUUM ANALYZE runtype_messages");
        await ExecuteAsync(connection, "CHECKPOINT"); // measure reads, not the flushing of what was just loaded.
    }

    /// <summary>The id bulk-loaded conversation <paramref name="n"/> has: Crockford base-32 characters only.</summary>
    public static string ConversationIdOf(long n) => "conv_01JB" + n.ToString("X22", System.Globalization.CultureInfo.InvariantCulture);

    private static string ConversationId(string column) => $"'conv_01JB' || lpad(upper(to_hex({column})), 22, '0')";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
