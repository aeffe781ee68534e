using Microsoft.Extensions.Logging.Abstractions;
using Runtype.Grains;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// The conversation totals of migration 0011 on PostgreSQL, where statements other than the store's write
/// conversations: the migration's backfill of the rows written before it, and the set-based statements of bulk
/// loads (many rows, many keys, in one statement). Each compares every total with the rows it counts.
/// </summary>
public sealed class ConversationTotalsMigrationTests
{
    // Rows per (owner, surface, status) whose count differs from their totals' sum; zero sums match no rows.
    private const string Mismatches = """
        SELECT count(*) FROM (
            (SELECT owner, surface_id, status, count(*) AS n FROM runtype_conversations GROUP BY 1, 2, 3
             EXCEPT
             SELECT owner, surface_id, status, sum(total) FROM runtype_conversation_totals GROUP BY 1, 2, 3 HAVING sum(total) <> 0)
            UNION ALL
            (SELECT owner, surface_id, status, sum(total) FROM runtype_conversation_totals GROUP BY 1, 2, 3 HAVING sum(total) <> 0
             EXCEPT
             SELECT owner, surface_id, status, count(*) FROM runtype_conversations GROUP BY 1, 2, 3)) AS differences
        """;

    // 3,000 conversations of 7 owners over 5 surfaces (two differ only by a trailing space) and 3 statuses.
    private const string Load = """
        INSERT INTO runtype_conversations (owner, id, surface_id, status, context, participant_metadata, message_count, created_at, updated_at, version)
        SELECT 'bulk-' || (g % 7), 'conv_' || lpad(to_hex(g), 26, '0'), (ARRAY['email', 'sms', 'web', 'chat', 'chat '])[g % 5 + 1],
               (g % 3)::smallint, '{}', '{}', 0, timestamptz '2024-01-01' + g * interval '1 second', timestamptz '2024-01-01', 1
        FROM generate_series(1, 3000) AS g
        """;

    [Fact]
    public async Task The_migration_counts_the_conversations_written_before_it()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        // The database as it was before 0011: no totals, no triggers, and 0011 not recorded.
        await database.ScalarAsync("""
            DROP TABLE runtype_conversation_totals;
            DROP FUNCTION runtype_conversation_totals_insert, runtype_conversation_totals_delete,
                runtype_conversation_totals_move, runtype_conversation_totals_truncate CASCADE;
            DELETE FROM runtype_migrations WHERE name = '0011_conversation_totals';
            """);
        await database.ScalarAsync(Load);

        var ran = await new MigrationRunner(database.Dialect, database.ConnectionString, NullLogger<MigrationRunner>.Instance).ApplyAsync();

        Assert.Equal(["0011_conversation_totals"], ran);
        Assert.Equal(0L, await database.ScalarAsync(Mismatches));
        Assert.Equal(3000L, await database.ScalarAsync("SELECT sum(total)::bigint FROM runtype_conversation_totals"));
        await using var store = new SqlConversationStore(database.Dialect, database.ConnectionString, NullLogger<SqlConversationStore>.Instance);
        var page = await store.QueryAsync("bulk-3", new ConversationListQuery(new ConversationFilter("chat ", ConversationStatus.Closed), 10));
        Assert.Equal(await database.ScalarAsync("SELECT count(*) FROM runtype_conversations WHERE owner = 'bulk-3' AND surface_id = 'chat ' AND status = 1"), page.TotalCount);
    }

    [Fact]
    public async Task Set_based_inserts_updates_and_deletes_keep_every_total_exact()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);

        await database.ScalarAsync(Load);
        var afterLoad = (long)(await database.ScalarAsync(Mismatches))!;
        await database.ScalarAsync("UPDATE runtype_conversations SET status = (status + 1) % 3 WHERE right(id, 1) IN ('1', '7', 'c')");
        await database.ScalarAsync("UPDATE runtype_conversations SET surface_id = 'chat' WHERE surface_id = 'chat ' AND right(id, 1) < '8'");
        // Rows updated without a change of surface or status: the totals' trigger does not even run.
        await database.ScalarAsync("UPDATE runtype_conversations SET status = status, message_count = message_count + 1");
        var afterUpdates = (long)(await database.ScalarAsync(Mismatches))!;
        await database.ScalarAsync("DELETE FROM runtype_conversations WHERE right(id, 1) IN ('0', '5', 'e')");
        var afterDelete = (long)(await database.ScalarAsync(Mismatches))!;
        await database.ScalarAsync("TRUNCATE runtype_conversations");

        Assert.Equal((0L, 0L, 0L), (afterLoad, afterUpdates, afterDelete));
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM runtype_conversation_totals"));
    }
}
