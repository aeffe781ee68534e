using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Message search on PostgreSQL (docs/search.md, Performance): one owner's messages of generated English bulk-loaded once
/// (<see cref="SearchLoad"/>; 1,000,000 over 10,000 conversations unless RUNTYPE_BENCH_SEARCH_MESSAGES and
/// RUNTYPE_BENCH_SEARCH_CONVERSATIONS say otherwise), then one fresh API process per round: every rare word's pages
/// walked and checked (untimed), a rare word's first page 500 times one at a time (the next word each time), the
/// common word's first page 500 times, then <see cref="SearchUnderWrites"/>. The messages that round posted are deleted
/// after it, so each round searches what the load wrote. Last, <see cref="SearchIndexCost"/>: create message with the
/// search column and its indexes against without them. RUNTYPE_BENCH_SEARCH_SECONDS shortens the timed phases (30 s of
/// searching under writes, 10 s per wrk pass) for a check that the scenario runs.
/// </summary>
public static class SearchScenario
{
    public const string MessagesVariable = "RUNTYPE_BENCH_SEARCH_MESSAGES";
    public const string ConversationsVariable = "RUNTYPE_BENCH_SEARCH_CONVERSATIONS";
    public const string SecondsVariable = "RUNTYPE_BENCH_SEARCH_SECONDS";
    public const int Requests = 500;

    /// <summary>Untimed common-word pages before the timed ones, as the rare words' walks come before theirs.</summary>
    private const int WarmUpPages = 20;

    /// <summary>The surface of the conversations the writer posts to (ThroughputScenarios.CreateConversationsAsync's).</summary>
    private const string PostedSurface = "bench";

    public static int Messages => Number(MessagesVariable) ?? 1_000_000;

    public static int Conversations => Number(ConversationsVariable) ?? 10_000;

    public static string MessagesText => Messages.ToString("N0", CultureInfo.InvariantCulture);

    public static string ConversationsText => Conversations.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>How long the searchers are measured while messages are posted, after the poster's warm-up.</summary>
    public static int UnderWritesSeconds => Number(SecondsVariable) ?? 30;

    /// <summary>Each create-message wrk pass's warm-up, and its measured pass.</summary>
    public static int WrkSeconds => Number(SecondsVariable) ?? 10;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var figures = new List<Measurement>(); // in the order first measured, one value a round each.
        void Add(string name, string unit, double value)
        {
            if (figures.Find(f => f.Name == name) is not { } figure)
            {
                figures.Add(figure = new Measurement(name, unit, new List<double>()));
            }

            ((List<double>)figure.Rounds).Add(value);
        }

        await using (var database = await BenchDatabase.FreshAsync())
        {
            var load = Stopwatch.StartNew();
            var data = await SearchLoad.LoadAsync(database.ConnectionString, Messages, Conversations);
            var share = 100.0 * data.CommonMatches / data.Messages;
            Console.WriteLine($"  loaded {MessagesText} messages over {ConversationsText} conversations in {load.Elapsed.TotalSeconds:0} s; " +
                $"'{data.CommonWord}' is in {data.CommonMatches:N0} ({share:0.0}%), {data.Rare.Count} rare words in " +
                $"{data.Rare.Min(r => r.Messages.Count)}-{data.Rare.Max(r => r.Messages.Count)} each");
            for (var round = 1; round <= rounds; round++)
            {
                Add($"messages holding the common word '{data.CommonWord}' in some form (about 10% wanted)", "%", share);
                await RoundAsync(database, data, round, Add);
            }
        }

        foreach (var figure in await SearchIndexCost.RunAsync(rounds, WrkSeconds))
        {
            figures.Add(figure);
        }

        return figures;
    }

    private static async Task RoundAsync(TestDatabase database, SearchData data, int round, Action<string, string, double> add)
    {
        await using (var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString))
        {
            using var client = api.Client();
            foreach (var word in data.Rare)
            {
                await SearchProbe.WalkAsync(client, word); // every hit of every rare word checked once; warms the caches too.
            }

            for (var i = 0; i < WarmUpPages; i++)
            {
                await SearchProbe.CommonAsync(client, data, loadedOnly: true);
            }

            var rare = new List<double>();
            var common = new List<double>();
            for (var i = 0; i < Requests; i++)
            {
                rare.Add(await SearchProbe.RareAsync(client, data.Rare[i % data.Rare.Count]));
            }

            for (var i = 0; i < Requests; i++)
            {
                common.Add(await SearchProbe.CommonAsync(client, data, loadedOnly: true));
            }

            Percentiles(add, $"rare word (40-100 matches), first page of {SearchProbe.PageSize}, one at a time ({Requests} requests)", rare, 20);
            Percentiles(add, $"common word, first page of {SearchProbe.PageSize}, one at a time ({Requests} requests)", common, 100);
            Console.WriteLine($"  round {round}: one at a time: rare p50 {Measurement.PercentileOf(rare, 0.5):0.00} ms, p99 {Measurement.PercentileOf(rare, 0.99):0.00} ms; " +
                $"common p50 {Measurement.PercentileOf(common, 0.5):0.00} ms, p99 {Measurement.PercentileOf(common, 0.99):0.00} ms");

            var under = await SearchUnderWrites.RunAsync(api, data, seed: 1000 + round, TimeSpan.FromSeconds(UnderWritesSeconds));
            var (perSecond, searchers) = (SearchUnderWrites.PerSecond, SearchUnderWrites.Searchers);
            foreach (var (kind, latencies) in new[] { ("rare word", under.Rare), ("common word", under.Common) })
            {
                add($"{searchers} searchers while {perSecond:0} messages/s are posted: {kind}, p50", "ms", Measurement.PercentileOf(latencies, 0.50));
                add($"{searchers} searchers while posting: {kind}, p99", "ms", Measurement.PercentileOf(latencies, 0.99));
            }

            add($"{searchers} searchers while posting: searches answered per second, both kinds", "req/s", under.SearchesPerSecond);
            add($"messages answered 201 per second while searching (offered {perSecond:0})", "msg/s", under.Writes.AchievedRate);
            add("create message while searching, p99 (send to 201)", "ms", under.WriteP99);
            add("POSTs not answered 201 while searching", "requests", under.Writes.Failed);
            Console.WriteLine($"  round {round}: {searchers} searchers: rare p99 {Measurement.PercentileOf(under.Rare, 0.99):0.00} ms ({under.Rare.Count}), " +
                $"common p99 {Measurement.PercentileOf(under.Common, 0.99):0.00} ms ({under.Common.Count}), {under.SearchesPerSecond:0} searches/s; " +
                $"posted {under.Writes.AchievedRate:0} msg/s, p99 {under.WriteP99:0.0} ms, failed {under.Writes.Failed}{under.Writes.DescribeFailures()}");
        }

        await RemovePostedAsync(database.ConnectionString);
    }

    private static void Percentiles(Action<string, string, double> add, string name, List<double> latencies, int target)
    {
        add($"{name}, p50", "ms", Measurement.PercentileOf(latencies, 0.50));
        add($"{name}, p95", "ms", Measurement.PercentileOf(latencies, 0.95));
        add($"{name}, p99 (target <= {target} ms)", "ms", Measurement.PercentileOf(latencies, 0.99));
    }

    /// <summary>Deletes the round's posted conversations and messages (the API process is gone), then vacuums what they left.</summary>
    private static async Task RemovePostedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            $"DELETE FROM runtype_messages WHERE conversation_id IN (SELECT id FROM runtype_conversations WHERE owner = '{BulkLoad.Owner}' AND surface_id = '{PostedSurface}')",
            $"DELETE FROM runtype_conversations WHERE owner = '{BulkLoad.Owner}' AND surface_id = '{PostedSurface}'",
            "VACUUM ANALYZE runtype_conversations",
            "VACUUM ANALYZE runtype_messages",
            "CHECKPOINT",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
            await command.ExecuteNonQueryAsync();
        }
    }

    private static int? Number(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
        ? int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)
        : null;
}
