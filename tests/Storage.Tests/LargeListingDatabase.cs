using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>300,000 conversations, loaded once for all the plan tests.</summary>
public sealed class LargeListingDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        // No command timeout: on a busy build machine the load takes more than the default 30 seconds.
        var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { CommandTimeout = 0 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var load = connection.CreateCommand();
        // 200,000 rows of other owners and 100,000 of the owner we list, spread over surfaces, statuses, threads
        // (one in seven has one) and time. The insert's trigger fills their totals (migration 0011).
        load.CommandText = """
            INSERT INTO runtype_conversations (owner, id, surface_id, status, participant_email, external_thread_id, context,
                participant_metadata, message_count, created_at, updated_at, version)
            SELECT CASE WHEN g % 3 = 0 THEN 'target' ELSE 'other-' || (g % 50) END,
                   'conv_' || lpad(to_hex(g), 26, '0'), 'surface-' || (g % 20), (g % 3)::smallint, 'p' || (g % 5000) || '@example.com',
                   CASE WHEN g % 7 = 0 THEN 'thread-' || (g % 7000) END,
                   '{}', '{}', 0, timestamptz '2024-01-01' + g * interval '1 second', timestamptz '2024-01-01' + g * interval '1 second', 1
            FROM generate_series(1, 300000) AS g;
            ANALYZE runtype_conversations;
            ANALYZE runtype_conversation_totals;
            """;
        await load.ExecuteNonQueryAsync();
        load.CommandText = "VACUUM runtype_conversations";
        await load.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
