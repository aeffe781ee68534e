using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Does an append get slower as a conversation grows? One client appends sequentially to one conversation over
/// HTTP (real server, PostgreSQL with fsync on) and the latency of messages 10-209 is compared with that of
/// messages 10,000-10,199. The store's append is one statement that never reads or rewrites the message list.
/// </summary>
public static class AppendLatencyScenario
{
    private const int EarlyFrom = 10;
    private const int LateFrom = 10_000;
    private const int Window = 200;

    // Appends to a throwaway conversation first, so JIT, connection pools and tiered compilation are warm and
    // the early window measures a short conversation, not a cold process.
    private const int WarmUp = 2_000;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var early = new List<double>();
        var late = new List<double>();
        var ratio = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
            using var client = api.Client();
            var warm = await CreateConversationAsync(client);
            for (var n = 0; n < WarmUp; n++)
            {
                await AppendAsync(client, warm, n);
            }

            var id = await CreateConversationAsync(client);
            var latencies = new double[LateFrom + Window];
            for (var n = 1; n < latencies.Length; n++)
            {
                var started = Stopwatch.GetTimestamp();
                await AppendAsync(client, id, n);
                latencies[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            var e = Measurement.MedianOf(latencies.Skip(EarlyFrom).Take(Window));
            var l = Measurement.MedianOf(latencies.Skip(LateFrom).Take(Window));
            early.Add(e);
            late.Add(l);
            ratio.Add(l / e);
            Console.WriteLine($"  round {round}: messages {EarlyFrom}-{EarlyFrom + Window - 1} median {e:0.###} ms, {LateFrom}-{LateFrom + Window - 1} median {l:0.###} ms");
        }

        return
        [
            new Measurement($"append latency, messages {EarlyFrom}-{EarlyFrom + Window - 1} (median)", "ms", early),
            new Measurement($"append latency, messages {LateFrom:N0}-{LateFrom + Window - 1:N0} (median)", "ms", late),
            new Measurement("ratio late / early (target <= 1.2)", "x", ratio),
        ];
    }

    private static async Task AppendAsync(HttpClient client, string id, int n)
    {
        using var response = await client.PostAsync($"/v1/messaging/conversations/{id}/messages",
            new StringContent($$"""{"content":"message {{n}}","role":"user"}""", Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Append {n} answered {(int)response.StatusCode}.");
        }
    }

    private static async Task<string> CreateConversationAsync(HttpClient client)
    {
        using var created = await client.PostAsync("/v1/messaging/conversations",
            new StringContent("""{"surfaceId":"bench"}""", Encoding.UTF8, "application/json"));
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }
}
