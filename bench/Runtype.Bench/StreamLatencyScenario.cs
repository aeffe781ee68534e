using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// How long a committed message takes to reach an open stream: one SSE client on
/// <c>/v1/messaging/events/stream?types=message.created</c>, then an open-loop poster sending 1,000 messages a
/// second round robin over 100 conversations (5 s warm-up, 10 s measured). The latency of each measured message
/// runs from its POST's 201 to its event on the stream, both read in this process on one clock.
/// </summary>
public static class StreamLatencyScenario
{
    private const int Conversations = 100;
    private const double PerSecond = 1_000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var rate = new List<double>();
        var p50 = new List<double>();
        var p99 = new List<double>();
        var max = new List<double>();
        var lost = new List<double>();
        var repeated = new List<double>();
        var early = new List<double>();
        var failed = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await using var database = await BenchDatabase.FreshAsync();
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
            using var client = api.Client();
            var conversations = await ThroughputScenarios.CreateConversationsAsync(client, Conversations);

            var index = new MessageIndex((int)(PerSecond * (WarmUp + Measured).TotalSeconds));
            var arrivals = new StreamArrivals(index);
            using var streamClient = EventStreamReader.Client(api.Address);
            var reader = new EventStreamReader(streamClient, arrivals);
            using var stop = new CancellationTokenSource();
            var reading = reader.RunAsync(stop.Token);
            await reader.Opened.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var poster = new OpenLoopPoster(api.Address, conversations, index);
            await poster.RunAsync(PerSecond, WarmUp, Measured);
            await StreamTally.WaitForAllAsync(poster, [arrivals], TimeSpan.FromSeconds(10));
            await stop.CancelAsync();
            await reading;

            var tally = StreamTally.Of(poster, [arrivals]);
            rate.Add(poster.AchievedRate);
            p50.Add(tally.Percentile(0.50));
            p99.Add(tally.Percentile(0.99));
            max.Add(tally.Max);
            lost.Add(tally.Missing);
            repeated.Add(tally.Repeated);
            early.Add(tally.BeforeAnswer);
            failed.Add(poster.Failed);
            Console.WriteLine($"  round {round}: {poster.AchievedRate:0} msg/s, p50 {p50[^1]:0.0} ms, p99 {p99[^1]:0.0} ms, max {max[^1]:0.0} ms, " +
                $"missing {tally.Missing}, repeated {tally.Repeated}, reconnects {tally.Reconnects}, before the 201 {tally.BeforeAnswer}, failed POSTs {poster.Failed}{poster.DescribeFailures()}");
        }

        return
        [
            new Measurement("messages answered 201 per second (offered 1,000)", "msg/s", rate),
            new Measurement("201 to event on the stream, p50", "ms", p50),
            new Measurement("201 to event on the stream, p99 (target <= 100 ms)", "ms", p99),
            new Measurement("201 to event on the stream, max", "ms", max),
            new Measurement("events lost: measured messages never seen on the stream (must be 0)", "events", lost),
            new Measurement("events seen twice (must be 0)", "events", repeated),
            new Measurement("events that arrived before their 201 was read (counted as 0 ms)", "events", early),
            new Measurement("POSTs not answered 201", "requests", failed),
        ];
    }
}
