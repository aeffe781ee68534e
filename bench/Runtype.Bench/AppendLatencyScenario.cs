using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Does an append get slower as a conversation grows? One client fills a conversation to 10,000 messages over
/// HTTP (real server, PostgreSQL with fsync on), then appends alternately to it (messages 10,000-10,199) and to a
/// fresh conversation (messages 10-209), timing each append. Interleaving puts both windows under the same disk
/// and CPU conditions, so the ratio measures the conversation's length and nothing else. The store's append is
/// one statement that never reads or rewrites the message list.
/// </summary>
public static class AppendLatencyScenario
{
    private const int EarlyFrom = 10;
    private const int LateFrom = 10_000;
    private const int Window = 200;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var early = new List<double>();
        var late = new List<double>();
        var ratio = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await using var database = await BenchDatabase.FreshAsync();
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
            using var client = api.Client();
            var longOne = await CreateConversationAsync(client);
            for (var n = 0; n < LateFrom; n++)
            {
                await AppendAsync(client, longOne, n);
            }

            var shortOne = await CreateConversationAsync(client);
            for (var n = 0; n < EarlyFrom; n++)
            {
                await AppendAsync(client, shortOne, n);
            }

            var earlyTimes = new double[Window];
            var lateTimes = new double[Window];
            for (var i = 0; i < Window; i++)
            {
                // Alternate which goes first so neither window always follows the other.
                if (i % 2 == 0)
                {
                    earlyTimes[i] = await TimedAppendAsync(client, shortOne, EarlyFrom + i);
                    lateTimes[i] = await TimedAppendAsync(client, longOne, LateFrom + i);
                }
                else
                {
                    lateTimes[i] = await TimedAppendAsync(client, longOne, LateFrom + i);
                    earlyTimes[i] = await TimedAppendAsync(client, shortOne, EarlyFrom + i);
                }
            }

            var e = Measurement.MedianOf(earlyTimes);
            var l = Measurement.MedianOf(lateTimes);
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

    private static async Task<double> TimedAppendAsync(HttpClient client, string id, int n)
    {
        var started = Stopwatch.GetTimestamp();
        await AppendAsync(client, id, n);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
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
