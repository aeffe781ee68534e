using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// History import throughput: several writers, each importing batches of 1,000 messages one after another into a
/// conversation of its own, against the real API process on PostgreSQL. Bodies are built before the clock starts,
/// so the bench process spends the measured time waiting on the server. The first batch of each writer warms up and
/// is not counted. <c>RUNTYPE_BENCH_IMPORT_BATCHES</c> (measured batches per writer) makes a quick check run small.
/// </summary>
public static class ImportScenario
{
    private const int Writers = 4;
    private const int BatchSize = 1000;
    private const int DefaultBatches = 25;
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
            var bodies = conversations.Select((_, w) => Enumerable.Range(0, batches + 1).Select(b => Body(w, b)).ToList()).ToList();

            await Task.WhenAll(conversations.Select((id, w) => ImportAsync(client, id, bodies[w][0])));
            var started = Stopwatch.GetTimestamp();
            var latencies = await Task.WhenAll(conversations.Select(async (id, w) =>
            {
                var times = new List<double>();
                foreach (var body in bodies[w].Skip(1))
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
    private static string Body(int writer, int batch)
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
        return JsonSerializer.Serialize(new { messages });
    }

    private static async Task ImportAsync(HttpClient client, string id, string body)
    {
        using var response = await client.PostAsync($"/v1/messaging/conversations/{id}/messages/import", new StringContent(body, Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"An import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
