using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// What the outbox costs: the PostgreSQL scenario's create phase (wrk, 64 connections, 64 conversations) against
/// the API built from the revision before events and against this build, in paired rounds, each side on a fresh
/// database. Every message now also writes its message.created event in the same transaction.
/// </summary>
public static class OutboxScenario
{
    /// <summary>
    /// main before the events work (issue 12) began: the build without the outbox. <c>RUNTYPE_BENCH_BEFORE</c> names
    /// another revision, for the same paired create-message comparison against any earlier build.
    /// </summary>
    public static string Before { get; } = Environment.GetEnvironmentVariable("RUNTYPE_BENCH_BEFORE") is { Length: > 0 } revision ? revision : "5beef98";

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var before = new List<double>();
        var beforeP99 = new List<double>();
        var after = new List<double>();
        var afterP99 = new List<double>();
        var ratio = new List<double>();
        Console.WriteLine($"  building {Before}");
        using var build = await RevisionBuild.CreateAsync(Before);
        for (var round = 0; round < rounds; round++)
        {
            var (now, then) = await ThroughputScenarios.PairedAsync(round, () => CreateAsync(folder: null), () => CreateAsync(build.Folder));
            before.Add(then.RequestsPerSecond);
            beforeP99.Add(then.P99Milliseconds);
            after.Add(now.RequestsPerSecond);
            afterP99.Add(now.P99Milliseconds);
            ratio.Add(now.RequestsPerSecond / then.RequestsPerSecond);
            Console.WriteLine($"  round {round + 1}: before {then.RequestsPerSecond:0}/s (p99 {then.P99Milliseconds:0.0} ms), with events {now.RequestsPerSecond:0}/s (p99 {now.P99Milliseconds:0.0} ms)");
        }

        return
        [
            new Measurement($"create message, PostgreSQL, before events ({Before})", "req/s", before),
            new Measurement("create message, PostgreSQL, before events, p99", "ms", beforeP99),
            new Measurement("create message, PostgreSQL, with events", "req/s", after),
            new Measurement("create message, PostgreSQL, with events, p99", "ms", afterP99),
            new Measurement("ratio with events / before (target >= 0.85)", "x", ratio),
        ];
    }

    private static async Task<Wrk.Result> CreateAsync(string? folder)
    {
        // Each build applies its own migrations: the older one does not know this build's.
        await using var database = await BenchDatabase.FreshAsync(migrate: false);
        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, folder: folder);
        return (await ThroughputScenarios.CreateMessagesAsync(api)).Result;
    }
}
