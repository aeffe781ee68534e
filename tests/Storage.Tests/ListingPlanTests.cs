using System.Data;
using System.Text.Json;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// Listing must be an indexed query whose cost does not grow with conversations that do not match. On a table
/// of 300,000 conversations (bulk-loaded, analysed) every query shape the listing sends is explained, and the
/// plan must be driven by one of our indexes, never a sequential scan of the table.
/// </summary>
public sealed class ListingPlanTests(LargeListingDatabase large) : IClassFixture<LargeListingDatabase>
{
    private readonly TestDatabase _database = large.Database;

    public static TheoryData<string, string?, short?, string?, bool> Shapes => new()
    {
        // query, surfaceId, status, participantEmail, with a cursor key
        { "ListOlder", null, null, null, false },
        { "ListOlder", null, null, null, true },
        { "ListOlder", null, (short)1, null, true },
        { "ListOlder", "surface-3", null, null, true },
        { "ListOlder", "surface-3", (short)0, null, false },
        { "ListOlder", null, null, "p42@example.com", false },
        { "ListNewer", null, null, null, true },
        { "ListNewer", "surface-3", (short)2, null, true },
        { "CountConversations", "surface-3", (short)0, null, false },
        { "CountConversations", null, (short)1, null, false },
    };

    [Theory, MemberData(nameof(Shapes))]
    public async Task Every_listing_query_is_driven_by_an_index(string query, string? surfaceId, short? status, string? email, bool withKey)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + _database.Dialect.Query(query);
        var dialect = _database.Dialect;
        command.Parameters.Add(dialect.Parameter("owner", "target", DbType.String));
        command.Parameters.Add(dialect.Parameter("surface_id", surfaceId, DbType.String));
        command.Parameters.Add(dialect.Parameter("status", status, DbType.Int16));
        command.Parameters.Add(dialect.Parameter("external_thread_id", null, DbType.String));
        command.Parameters.Add(dialect.Parameter("participant_email", email, DbType.String));
        command.Parameters.Add(dialect.Parameter("key_updated_at", withKey ? new DateTime(2024, 1, 2, 12, 0, 0, DateTimeKind.Utc) : null, DbType.DateTime));
        command.Parameters.Add(dialect.Parameter("key_id", withKey ? "conv_00000000000000000000015180" : null, DbType.AnsiString));
        command.Parameters.Add(dialect.Parameter("take", 51, DbType.Int32));

        var plan = (string)(await command.ExecuteScalarAsync())!;
        var nodes = Nodes(JsonDocument.Parse(plan).RootElement[0].GetProperty("Plan")).ToList();

        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan");
        Assert.Contains(nodes, n => n.TryGetProperty("Index Name", out var index) && index.GetString()!.StartsWith("ix_runtype_conversations_", StringComparison.Ordinal));
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }
}

/// <summary>300,000 conversations, loaded once for all the plan tests.</summary>
public sealed class LargeListingDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        // 200,000 rows of other owners and 100,000 of the owner we list, spread over surfaces, statuses and time.
        await Database.ScalarAsync("""
            INSERT INTO runtype_conversations (owner, id, surface_id, status, participant_email, context, participant_metadata,
                message_count, created_at, updated_at, version)
            SELECT CASE WHEN g % 3 = 0 THEN 'target' ELSE 'other-' || (g % 50) END,
                   'conv_' || lpad(to_hex(g), 26, '0'), 'surface-' || (g % 20), (g % 3)::smallint, 'p' || (g % 5000) || '@example.com',
                   '{}', '{}', 0, timestamptz '2024-01-01' + g * interval '1 second', timestamptz '2024-01-01' + g * interval '1 second', 1
            FROM generate_series(1, 300000) AS g;
            ANALYZE runtype_conversations;
            """);
        await Database.ScalarAsync("VACUUM runtype_conversations");
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
