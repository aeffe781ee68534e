using System.Diagnostics;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Memory under churn (issue 14): 1,000,000 conversations bulk-loaded on PostgreSQL, then each touched once over HTTP
/// (one message posted, which activates its grain) by 64 posters, every conversation a different one. The bulk load
/// archives every third conversation (333,321 of them): those posts activate the grain and are answered 409. Resident memory
/// of the API process is sampled every second; the silo must shed activations as memory fills rather than keep a million.
/// The API runs with a 1.5 GiB GC heap limit (<c>DOTNET_GCHeapHardLimit</c>), what .NET gives a process in a 2 GiB
/// container; Orleans' shedding on memory pressure (on in <c>AddRuntype</c>) works against that limit.
/// </summary>
internal static class ChurnScenario
{
    private const int Conversations = 1_000_000;
    private const int Posters = 64;
    private const string HeapLimit = "0x60000000"; // 1.5 GiB

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var peaks = new List<double>();
        var finals = new List<double>();
        var rates = new List<double>();
        var failures = new List<double>();
        var archived = new List<double>();
        await using var database = await BenchDatabase.FreshAsync();
        await BulkLoad.ConversationsAsync(database.ConnectionString, Conversations, surfaces: 20, messagesEach: 0);
        for (var round = 1; round <= rounds; round++)
        {
            await using var api = await ApiProcess.StartAsync(
                database.Provider, database.ConnectionString, settings: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapLimit });
            using var client = api.Client();
            var peak = 0.0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, MemoryScenario.Memory(api.ProcessId).ResidentMiB);
                    await Task.Delay(1000, CancellationToken.None);
                }
            });

            var next = 0;
            var failed = 0;
            var refused = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Posters).Select(async _ =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) <= Conversations)
                {
                    using var content = new StringContent($$"""{"content":"churn round {{round}}","role":"user"}""", System.Text.Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync($"/v1/messaging/conversations/{BulkLoad.ConversationIdOf(n)}/messages", content);
                    if (response.StatusCode == System.Net.HttpStatusCode.Conflict)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    else if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    if (n % 100_000 == 0)
                    {
                        Console.WriteLine($"    {n:N0} touched, {clock.Elapsed.TotalSeconds:0} s, RSS {MemoryScenario.Memory(api.ProcessId).ResidentMiB:0} MiB");
                    }
                }
            }));
            var seconds = clock.Elapsed.TotalSeconds;
            await sampling.CancelAsync();
            await sampler;
            var (resident, high) = MemoryScenario.Memory(api.ProcessId);
            peaks.Add(Math.Max(peak, high));
            finals.Add(resident);
            rates.Add(Conversations / seconds);
            failures.Add(failed);
            archived.Add(refused);
            Console.WriteLine($"  round {round}: peak RSS {peaks[^1]:0} MiB, at the end {resident:0} MiB, {rates[^1]:0} conversations/s, {failed} failed");
        }

        return
        [
            new Measurement("API process peak resident memory while 1,000,000 conversations are touched once (target < 2048 MiB)", "MiB", peaks),
            new Measurement("API process resident memory at the end", "MiB", finals),
            new Measurement("conversations touched per second (one POST each, 64 in flight)", "conv/s", rates),
            new Measurement("POSTs to archived conversations, answered 409 (333,321 expected)", "requests", archived),
            new Measurement("POSTs answered neither 2xx nor 409 (must be 0)", "requests", failures),
        ];
    }
}
