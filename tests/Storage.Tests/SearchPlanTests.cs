using System.Text.Json;
using Npgsql;
using Runtype.Grains;
using Runtype.Grains.Search;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// A search's cost must follow its page, not the store: on 100,000 analysed messages the statement the store sends
/// (SearchMessages.sql, planned with its values, as the search pool runs it unprepared) reaches a rare word's few rows
/// through the GIN index, and walks a common word's newest rows through (created_at, id) until the page is full,
/// instead of collecting its 10,000 matches to sort them. Neither reads the whole table.
/// </summary>
public sealed class SearchPlanTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { CommandTimeout = 0 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var load = connection.CreateCommand();
        // 1,000 conversations of 100 messages; every tenth message says "common", five say "zebrafish".
        load.CommandText = """
            INSERT INTO runtype_conversations (owner, id, surface_id, status, context, participant_metadata, message_count, created_at, updated_at, version)
            SELECT 'target', 'conv_' || lpad(to_hex(c), 26, '0'), 'email', 0, '{}', '{}', 100,
                   timestamptz '2024-01-01', timestamptz '2024-01-01', 1
            FROM generate_series(1, 1000) AS c;
            INSERT INTO runtype_messages (conversation_id, position, id, role, direction, content, metadata, created_at)
            SELECT 'conv_' || lpad(to_hex(g % 1000 + 1), 26, '0'), g / 1000 + 1, 'msg_' || lpad(to_hex(g), 26, '0'), 0, 0,
                   'word' || (g % 997) || ' note about order ' || (g % 89)
                       || CASE WHEN g % 10 = 0 THEN ' common' ELSE '' END
                       || CASE WHEN g % 20000 = 7 THEN ' zebrafish' ELSE '' END,
                   '{}', timestamptz '2024-01-01' + g * interval '1 second'
            FROM generate_series(0, 99999) AS g;
            -- As migration 0015 fills the vectors of messages stored before it: for these words, the same as ours.
            UPDATE runtype_messages SET search_vector = to_tsvector('runtype_search'::regconfig, content);
            ANALYZE runtype_conversations;
            ANALYZE runtype_messages;
            """;
        await load.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_rare_word_is_found_through_the_full_text_index()
    {
        var nodes = await PlanAsync("zebrafish");

        Assert.Contains(nodes, n => IndexName(n) == "ix_runtype_messages_search");
        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Seq Scan" && Relation(n) == "runtype_messages");
    }

    [Fact]
    public async Task A_common_word_walks_the_newest_messages_until_the_page_is_full()
    {
        var nodes = await PlanAsync("common");

        Assert.Contains(nodes, n => IndexName(n) == "ix_runtype_messages_created");
        Assert.DoesNotContain(nodes, n => IndexName(n) == "ix_runtype_messages_search");
        Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString() == "Sort");
    }

    private async Task<List<JsonElement>> PlanAsync(string word)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var query = new MessageSearchQuery(SearchQueryParser.Parse(word, out _)!, new MessageSearchFilter(), 20);
        await using var command = (NpgsqlCommand)new SqlStatements(_database.Dialect).SearchMessages("target", query, 21);
        command.Connection = connection;
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        var plan = (string)(await command.ExecuteScalarAsync())!;
        return PlanNodes.Of(plan);
    }

    private static string? IndexName(JsonElement node) => node.TryGetProperty("Index Name", out var name) ? name.GetString() : null;

    private static string? Relation(JsonElement node) => node.TryGetProperty("Relation Name", out var name) ? name.GetString() : null;

}
