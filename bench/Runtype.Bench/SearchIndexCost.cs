using Npgsql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// What keeping messages searchable costs a write: the PostgreSQL scenario's create-message load (wrk, 64 connections,
/// 64 conversations, a discarded warm-up then the measured pass) posting generated messages (<see cref="SearchText"/>,
/// 256 of them round robin), against a database migrated as shipped and one where, after the migrations, what
/// migration 0015 added to runtype_messages is dropped again: the tsvector column the server computes on every insert,
/// its GIN index and the (created_at, id) index. Nothing but search reads them, so the API writes and lists the same
/// way on both. Paired rounds, fresh database per side, alternating which goes first.
/// </summary>
public static class SearchIndexCost
{
    private const int Bodies = 256;

    private const string DropSearch = """
        DROP INDEX ix_runtype_messages_search;
        DROP INDEX ix_runtype_messages_created;
        ALTER TABLE runtype_messages DROP COLUMN search_vector;
        """;

    /// <param name="seconds">Each wrk pass's warm-up and measured seconds.</param>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds, int seconds)
    {
        var text = new SearchText(seed: 15);
        var bodies = string.Join(Wrk.BodySeparator, Enumerable.Range(0, Bodies).Select(_ => SearchText.CreateBody(text.Next())));
        var with = new List<double>();
        var withP99 = new List<double>();
        var without = new List<double>();
        var withoutP99 = new List<double>();
        var ratio = new List<double>();
        var failed = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var (indexed, bare) = await ThroughputScenarios.PairedAsync(
                round, () => CreateAsync(bodies, searchable: true, seconds), () => CreateAsync(bodies, searchable: false, seconds));
            with.Add(indexed.RequestsPerSecond);
            withP99.Add(indexed.P99Milliseconds);
            without.Add(bare.RequestsPerSecond);
            withoutP99.Add(bare.P99Milliseconds);
            ratio.Add(indexed.RequestsPerSecond / bare.RequestsPerSecond);
            failed.Add(indexed.Errors + bare.Errors);
            Console.WriteLine($"  create round {round + 1}: with the search index {indexed.RequestsPerSecond:0}/s (p99 {indexed.P99Milliseconds:0.0} ms), " +
                $"without {bare.RequestsPerSecond:0}/s (p99 {bare.P99Milliseconds:0.0} ms), ratio {ratio[^1]:0.000}, not 2xx {failed[^1]}");
        }

        return
        [
            new Measurement("create message of generated text, PostgreSQL, with the search column and indexes", "req/s", with),
            new Measurement("create message with the search column and indexes, p99", "ms", withP99),
            new Measurement("create message, the search column and indexes dropped", "req/s", without),
            new Measurement("create message, the search column and indexes dropped, p99", "ms", withoutP99),
            new Measurement("ratio with / without (target >= 0.85)", "x", ratio),
            new Measurement("create-message requests not answered 2xx, both sides", "requests", failed),
        ];
    }

    private static async Task<Wrk.Result> CreateAsync(string bodies, bool searchable, int seconds)
    {
        await using var database = await BenchDatabase.FreshAsync();
        if (!searchable)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand(DropSearch, connection);
            await drop.ExecuteNonQueryAsync();
        }

        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
        using var client = api.Client();
        var ids = await ThroughputScenarios.CreateConversationsAsync(client, 64);
        return await Wrk.RunAsync(api.Address, "POST", "/v1/messaging/conversations/{id}/messages", ids, bodies, ApiProcess.ApiKey,
            seconds: seconds, warmUpSeconds: seconds);
    }
}
