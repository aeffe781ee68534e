using System.Text.Json;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// A reply's lookup of the conversations holding the mails it names costs the ids it asks for, not the owner's messages:
/// on 200,000 messages (most with an external id, loaded once, analysed) the statement the store sends for 200 ids is
/// explained as it is sent, and must look each id up in ix_runtype_messages_external (migration 0017), never scan the
/// messages. (Their 2,000 conversations may be scanned: a hash join over so few is cheaper than 200 key lookups.)
/// </summary>
public sealed class ExternalLookupPlanTests(ExternalLookupPlanTests.LargeMessageTable large) : IClassFixture<ExternalLookupPlanTests.LargeMessageTable>
{
    private static readonly SqlStatements Statements = new(new PostgresDialect());

    [Fact]
    public async Task Two_hundred_ids_are_looked_up_in_the_external_id_index()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"<{i * 997}@example.com>").ToList();
        await using var connection = new NpgsqlConnection(large.Database.ConnectionString);
        await connection.OpenAsync();
        await using var statement = Statements.FindByExternalMessageIds("target", "email", ids);
        statement.Connection = connection;
        statement.CommandText = "EXPLAIN (FORMAT JSON) " + statement.CommandText;
        var plan = (string)(await statement.ExecuteScalarAsync())!;
        var nodes = PlanNodes.Of(plan);

        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan"
            && n.TryGetProperty("Relation Name", out var table) && table.GetString() == "runtype_messages");
        Assert.True(nodes.Any(n => n.TryGetProperty("Index Name", out var name) && name.GetString() == "ix_runtype_messages_external"), plan);
    }

    /// <summary>2,000 conversations of two owners with 100 messages each, nine in ten with an external id.</summary>
    public sealed class LargeMessageTable : IAsyncLifetime
    {
        public TestDatabase Database { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
            var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { CommandTimeout = 0 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var load = connection.CreateCommand();
            load.CommandText = """
                INSERT INTO runtype_conversations (owner, id, surface_id, status, context, participant_metadata, message_count, created_at, updated_at, version)
                SELECT CASE WHEN c % 2 = 0 THEN 'other' ELSE 'target' END, 'conv_' || lpad(c::text, 26, '0'), 'email', 0, '{}', '{}', 100,
                       timestamptz '2024-01-01', timestamptz '2024-01-01', 101
                FROM generate_series(1, 2000) AS c;
                INSERT INTO runtype_messages (conversation_id, position, id, role, direction, content, external_message_id, metadata, created_at)
                SELECT 'conv_' || lpad((g / 100 + 1)::text, 26, '0'), g % 100 + 1, 'msg_' || lpad(g::text, 26, '0'), 0, 0, 'x',
                       CASE WHEN g % 10 = 0 THEN NULL ELSE '<' || g || '@example.com>' END, '{}', timestamptz '2024-01-01' + g * interval '1 second'
                FROM generate_series(0, 199999) AS g;
                ANALYZE runtype_conversations;
                ANALYZE runtype_messages;
                """;
            await load.ExecuteNonQueryAsync();
        }

        public async Task DisposeAsync() => await Database.DisposeAsync();
    }
}
