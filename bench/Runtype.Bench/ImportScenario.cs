using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// History import throughput: several writers, each importing batches of 1,000 messages one after another into a
/// conversation of its own, against the real API process on PostgreSQL. Bodies are built and encoded before the clock
/// starts, so the bench process spends the measured time waiting on the server. The writers import for 20 s before the
/// clock starts (the rate climbs for about that long on a fresh server). <c>RUNTYPE_BENCH_IMPORT_BATCHES</c> (measured batches per writer) makes a quick check run small.
/// </summary>
public static class ImportScenario
{
    private const int Writers = 4;
    private const int BatchSize = 1000;
    private const int DefaultBatches = 150;

    // Measured batches are numbered from here on, so their createdAt follow every warm-up batch's.
    private const int FirstMeasuredBatch = 100_000;

    // How long the writers import before the clock starts. The rate climbs for the first 20 s or so of a fresh server
    // (one warm-up batch: ~40,000 messages/s over the next 25; 40 batches: ~44,000 over the next 150, ~55,000 over the
    // next 300), as the other scenarios' wrk runs warm up for 10 s before they measure.
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(20);
    private static readonly DateTime Start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var batches = int.TryParse(Environment.GetEnvironmentVariable("RUNTYPE_BENCH_IMPORT_BATCHES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultBatches;
        var rate = new List<double>();
        var p50 = new List<double>();
        var p99 = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await using var database = await BenchDatabase.FreshAsync();
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
            using var client = api.Client();
            var conversations = await ThroughputScenarios.CreateConversationsAsync(client, Writers);
            var bodies = conversations.Select((_, w) => Enumerable.Range(FirstMeasuredBatch, batches).Select(b => Body(w, b)).ToList()).ToList();

            var warming = Stopwatch.StartNew();
            await Task.WhenAll(conversations.Select(async (id, w) =>
            {
                for (var b = 0; warming.Elapsed < Warmup; b++)
                {
                    await ImportAsync(client, id, Body(w, b));
                }
            }));
            var started = Stopwatch.GetTimestamp();
            var latencies = await Task.WhenAll(conversations.Select(async (id, w) =>
            {
                var times = new List<double>();
                foreach (var body in bodies[w])
                {
                    var sent = Stopwatch.GetTimestamp();
                    await ImportAsync(client, id, body);
                    times.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }

                return times;
            }));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var perSecond = Writers * batches * BatchSize / seconds;
            var all = latencies.SelectMany(t => t).ToList();
            rate.Add(perSecond);
            p50.Add(Measurement.MedianOf(all));
            p99.Add(Measurement.PercentileOf(all, 0.99));
            Console.WriteLine($"  round {round}: {perSecond:0} messages/s, batch p50 {p50[^1]:0.#} ms, p99 {p99[^1]:0.#} ms");
        }

        return
        [
            new Measurement($"imported, {Writers} writers, batches of {BatchSize:N0} (target >= 50,000)", "messages/s", rate),
            new Measurement("one batch, request to 200 (median)", "ms", p50),
            new Measurement("one batch, request to 200 (p99)", "ms", p99),
        ];
    }

    /// <summary>Batch <paramref name="batch"/> of writer <paramref name="writer"/>: createdAt one millisecond apart, never decreasing across batches.</summary>
    private static byte[] Body(int writer, int batch)
    {
        var messages = Enumerable.Range(0, BatchSize).Select(i =>
        {
            var n = (batch * BatchSize) + i;
            return new Dictionary<string, string>
            {
                ["content"] = $"Archived message {n} of writer {writer}: Hello, I need help with my account settings.",
                ["role"] = n % 2 == 0 ? "user" : "assistant",
                ["externalMessageId"] = $"archive-{writer}-{n}",
                ["createdAt"] = Start.AddMilliseconds(n).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            };
        });
        return JsonSerializer.SerializeToUtf8Bytes(new { messages });
    }

    private static async Task ImportAsync(HttpClient client, string id, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync($"/v1/messaging/conversations/{id}/messages/import", content);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"An import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
