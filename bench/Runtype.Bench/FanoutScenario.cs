using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Many streams of one owner: 1,000 SSE clients on <c>/v1/messaging/events/stream?types=message.created</c>,
/// all fed by the node's one tail for that owner, while 100 conversations each get one message a second (100 a
/// second in all, open loop; 5 s warm-up, 20 s measured). Every stream must see every message; the latency
/// runs from each POST's 201 to the event's arrival on each stream. The API process's resident memory is read
/// before the streams open, with them open, and at the end.
/// </summary>
public static class FanoutScenario
{
    private const int Streams = 1_000;
    private const int Conversations = 100;
    private const double PerSecond = Conversations;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(20);

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var before = new List<double>();
        var open = new List<double>();
        var end = new List<double>();
        var perStream = new List<double>();
        var p50 = new List<double>();
        var p99 = new List<double>();
        var missing = new List<double>();
        var repeated = new List<double>();
        var reconnects = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await using var database = await BenchDatabase.FreshAsync();
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
            using var client = api.Client();
            var conversations = await ThroughputScenarios.CreateConversationsAsync(client, Conversations);
            await Task.Delay(TimeSpan.FromSeconds(2));
            before.Add(MemoryScenario.Memory(api.ProcessId).ResidentMiB);

            var index = new MessageIndex((int)(PerSecond * (WarmUp + Measured).TotalSeconds));
            var arrivals = Enumerable.Range(0, Streams).Select(_ => new StreamArrivals(index)).ToList();
            using var streamClient = EventStreamReader.Client(api.Address);
            using var stop = new CancellationTokenSource();
            var reading = new List<Task>(Streams);
            foreach (var batch in arrivals.Chunk(50))
            {
                // 50 at a time: a thousand connects at once would overflow Kestrel's accept backlog.
                var readers = batch.Select(a => new EventStreamReader(streamClient, a)).ToList();
                reading.AddRange(readers.Select(r => r.RunAsync(stop.Token)));
                await Task.WhenAll(readers.Select(r => r.Opened.Task)).WaitAsync(TimeSpan.FromSeconds(60));
            }

            await Task.Delay(TimeSpan.FromSeconds(5)); // let the GC and the allocator settle before reading.
            open.Add(MemoryScenario.Memory(api.ProcessId).ResidentMiB);
            perStream.Add((open[^1] - before[^1]) * 1024 / Streams);

            var poster = new OpenLoopPoster(api.Address, conversations, index);
            await poster.RunAsync(PerSecond, WarmUp, Measured);
            await StreamTally.WaitForAllAsync(poster, arrivals, TimeSpan.FromSeconds(15));
            end.Add(MemoryScenario.Memory(api.ProcessId).ResidentMiB);
            await stop.CancelAsync();
            await Task.WhenAll(reading);

            var tally = StreamTally.Of(poster, arrivals);
            p50.Add(tally.Percentile(0.50));
            p99.Add(tally.Percentile(0.99));
            missing.Add(tally.Missing);
            repeated.Add(tally.Repeated);
            reconnects.Add(tally.Reconnects);
            Console.WriteLine($"  round {round}: RSS {before[^1]:0} -> {open[^1]:0} -> {end[^1]:0} MiB, p50 {p50[^1]:0.0} ms, p99 {p99[^1]:0.0} ms, " +
                $"missing {tally.Missing}, repeated {tally.Repeated}, reconnects {tally.Reconnects}, before the 201 {tally.BeforeAnswer}, failed POSTs {poster.Failed}{poster.DescribeFailures()}");
        }

        return
        [
            new Measurement("API process resident memory before the streams open", "MiB", before),
            new Measurement("API process resident memory with 1,000 streams open", "MiB", open),
            new Measurement("resident memory per open stream", "KiB", perStream),
            new Measurement("API process resident memory at the end (streams open, after the load)", "MiB", end),
            new Measurement("201 to event on each stream, p50", "ms", p50),
            new Measurement("201 to event on each stream, p99", "ms", p99),
            new Measurement("stream x message pairs missing (must be 0)", "events", missing),
            new Measurement("events seen twice on a stream (must be 0)", "events", repeated),
            new Measurement("streams disconnected by the server and resumed with Last-Event-ID", "reconnects", reconnects),
        ];
    }
}
