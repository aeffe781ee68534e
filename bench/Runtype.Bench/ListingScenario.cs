using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Listing conversations on 1,000,000 bulk-loaded rows, filtered by status and surface, following nextCursor page
/// after page. Cursor walkers run in the bench process (HttpClient, keep-alive), each timing every request; a
/// walker that reaches the last page starts again from the first. 64 walkers is the default load; one
/// walker shows what a single request costs when nothing queues.
/// </summary>
public static class ListingScenario
{
    private const int Rows = 1_000_000;
    private const int Surfaces = 20;
    private const int PageSize = 50;
    private const string Path = "/v1/messaging/conversations?status=open&surfaceId=surface-3&limit=50";

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        // One bulk load serves every round: loading takes minutes and the rows do not change while listing.
        await using var database = await BenchDatabase.FreshAsync();
        var load = Stopwatch.StartNew();
        await BulkLoad.ConversationsAsync(database.ConnectionString, Rows, Surfaces, messagesEach: 0);
        Console.WriteLine($"  loaded {Rows:N0} conversations in {load.Elapsed.TotalSeconds:0} s");

        var p50 = new List<double>();
        var p99 = new List<double>();
        var rate = new List<double>();
        var singleP99 = new List<double>();
        var matching = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
            using var client = api.Client();
            matching.Add((await client.GetFromJsonAsync<JsonElement>(Path)).GetProperty("pagination").GetProperty("totalCount").GetInt64());
            await WalkAsync(client, walkers: 64, TimeSpan.FromSeconds(10));
            var (latencies, seconds) = await WalkAsync(client, walkers: 64, TimeSpan.FromSeconds(15));
            p50.Add(Measurement.PercentileOf(latencies, 0.50));
            p99.Add(Measurement.PercentileOf(latencies, 0.99));
            rate.Add(latencies.Count / seconds);
            var (single, _) = await WalkAsync(client, walkers: 1, TimeSpan.FromSeconds(10));
            singleP99.Add(Measurement.PercentileOf(single, 0.99));
            Console.WriteLine($"  round {round}: 64 walkers p50 {p50[^1]:0.0} ms, p99 {p99[^1]:0.0} ms, {rate[^1]:0}/s; one walker p99 {singleP99[^1]:0.0} ms");
        }

        return
        [
            new Measurement("conversations matching status=open and surfaceId=surface-3", "rows", matching),
            new Measurement("64 cursor walkers, p50", "ms", p50),
            new Measurement("64 cursor walkers, p99 (target <= 50 ms)", "ms", p99),
            new Measurement("64 cursor walkers, pages per second", "req/s", rate),
            new Measurement("one cursor walker, p99 (target <= 10 ms)", "ms", singleP99),
        ];
    }

    private static async Task<(List<double> Latencies, double Seconds)> WalkAsync(HttpClient client, int walkers, TimeSpan duration)
    {
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, walkers).Select(async walker =>
        {
            var mine = new List<double>();
            string? cursor = null;
            // Walkers start at different depths so they do not all read the same pages.
            for (var skip = walker % 8; skip > 0 && clock.Elapsed < duration; skip--)
            {
                cursor = await NextAsync(client, cursor, mine);
            }

            mine.Clear();
            while (clock.Elapsed < duration)
            {
                cursor = await NextAsync(client, cursor, mine);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        return (latencies, clock.Elapsed.TotalSeconds);
    }

    private static async Task<string?> NextAsync(HttpClient client, string? cursor, List<double> latencies)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(cursor is null ? Path : $"{Path}&cursor={Uri.EscapeDataString(cursor)}");
        var body = await response.Content.ReadAsByteArrayAsync();
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        response.EnsureSuccessStatusCode();
        using var page = JsonDocument.Parse(body);
        var next = page.RootElement.GetProperty("pagination").GetProperty("nextCursor");
        return next.ValueKind == JsonValueKind.String ? next.GetString() : null;
    }
}
