using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Webhook delivery on PostgreSQL, a real API process with its co-hosted silo and a Kestrel receiver in this
/// process that answers 200 at once. Latency: an open-loop poster sends 500 messages a second round robin over
/// 100 conversations (5 s warm-up, 10 s measured); each measured message runs from its POST's 201 to its event's
/// arrival at the receiver. Backlog: the receiver answers 503 while 100,000 messages are posted, then recovers;
/// timed from the recovery until every event was delivered.
/// </summary>
public static class WebhookScenario
{
    private const int Conversations = 100;
    private const double PerSecond = 500;
    private const int Backlog = 100_000;
    private static readonly string[] MessageCreated = ["message.created"];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    /// <summary>Loopback receivers are allowed; the first retry after a second (the default is 5 s).</summary>
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Webhooks__AllowInsecureTargets"] = "true",
        ["Webhooks__FirstRetryDelay"] = "00:00:01",
    };

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var rate = new List<double>();
        var p50 = new List<double>();
        var p99 = new List<double>();
        var lost = new List<double>();
        var drainTotal = new List<double>();
        var drainRate = new List<double>();
        var firstAfter = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await using var database = await BenchDatabase.FreshAsync();
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: Settings);
            using var client = api.Client();

            var (achieved, tally) = await LatencyAsync(api, client);
            rate.Add(achieved);
            p50.Add(tally.Percentile(0.50));
            p99.Add(tally.Percentile(0.99));
            lost.Add(tally.Missing);
            Console.WriteLine($"  round {round}: {achieved:0} msg/s, p50 {p50[^1]:0.0} ms, p99 {p99[^1]:0.0} ms, missing {tally.Missing}, repeated {tally.Repeated}");

            var (total, first, perSecond) = await BacklogAsync(api, client);
            drainTotal.Add(total);
            firstAfter.Add(first);
            drainRate.Add(perSecond);
            Console.WriteLine($"  round {round}: backlog of {Backlog:N0} delivered {total:0.0} s after recovery (first after {first:0.0} s, then {perSecond:0} events/s)");
        }

        return
        [
            new Measurement("messages answered 201 per second (offered 500)", "msg/s", rate),
            new Measurement("201 to the receiver, p50", "ms", p50),
            new Measurement("201 to the receiver, p99 (target <= 250 ms)", "ms", p99),
            new Measurement("measured messages never delivered (must be 0)", "events", lost),
            new Measurement("backlog of 100,000: recovery to last delivery", "s", drainTotal),
            new Measurement("backlog: recovery to first delivery (the retry backoff's wait)", "s", firstAfter),
            new Measurement("backlog: delivery rate from first to last", "events/s", drainRate),
        ];
    }

    private static async Task<(double Rate, StreamTally Tally)> LatencyAsync(ApiProcess api, HttpClient client)
    {
        var conversations = await ThroughputScenarios.CreateConversationsAsync(client, Conversations);
        var index = new MessageIndex((int)(PerSecond * (WarmUp + Measured).TotalSeconds));
        var arrivals = new StreamArrivals(index);
        var gate = new Lock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.OnArrival = w =>
        {
            var at = Stopwatch.GetTimestamp();
            lock (gate)
            {
                arrivals.Record(MessageIndex.IdIn(Encoding.UTF8.GetBytes(w.Body)), at);
            }
        };
        var id = await RegisterAsync(client, receiver.Url);

        var poster = new OpenLoopPoster(api.Address, conversations, index);
        await poster.RunAsync(PerSecond, WarmUp, Measured);
        await StreamTally.WaitForAllAsync(poster, [arrivals], TimeSpan.FromSeconds(30));
        using var deleted = await client.DeleteAsync($"/v1/messaging/webhooks/{id}");
        return (poster.AchievedRate, StreamTally.Of(poster, [arrivals]));
    }

    private static async Task<(double Total, double First, double PerSecond)> BacklogAsync(ApiProcess api, HttpClient client)
    {
        var conversations = await ThroughputScenarios.CreateConversationsAsync(client, Conversations);
        await using var receiver = await WebhookReceiver.StartAsync();
        var up = false;
        receiver.Respond = (_, _) => Task.FromResult(Volatile.Read(ref up) ? 200 : 503);
        await RegisterAsync(client, receiver.Url);

        var delivered = new HashSet<string>(StringComparer.Ordinal);
        long firstAt = 0, lastAt = 0;
        var gate = new Lock();
        receiver.OnArrival = w =>
        {
            if (!Volatile.Read(ref up))
            {
                return;
            }

            var at = Stopwatch.GetTimestamp();
            lock (gate)
            {
                if (delivered.Add(w.EventId))
                {
                    firstAt = firstAt == 0 ? at : firstAt;
                    lastAt = at;
                }
            }
        };

        await PostManyAsync(client, conversations, Backlog);
        var recovered = Stopwatch.GetTimestamp();
        Volatile.Write(ref up, true);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            lock (gate)
            {
                if (delivered.Count >= Backlog)
                {
                    break;
                }
            }

            await Task.Delay(200);
        }

        lock (gate)
        {
            var total = Stopwatch.GetElapsedTime(recovered, lastAt).TotalSeconds;
            var first = Stopwatch.GetElapsedTime(recovered, firstAt).TotalSeconds;
            return (delivered.Count >= Backlog ? total : double.NaN, first, delivered.Count / Math.Max(0.001, Stopwatch.GetElapsedTime(firstAt, lastAt).TotalSeconds));
        }
    }

    /// <summary>Posts <paramref name="count"/> messages round robin, 64 at a time; every one must be answered 201.</summary>
    private static async Task PostManyAsync(HttpClient client, List<string> conversations, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < count)
            {
                using var content = new StringContent(ThroughputScenarios.CreateMessage, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync($"/v1/messaging/conversations/{conversations[k % conversations.Count]}/messages", content);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"A backlog POST was answered {(int)response.StatusCode}.");
                }
            }
        }));
    }

    private static async Task<string> RegisterAsync(HttpClient client, Uri url)
    {
        var body = JsonSerializer.Serialize(new { url = url.ToString(), types = MessageCreated });
        using var response = await client.PostAsync("/v1/messaging/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Registering the receiver failed: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }
}
