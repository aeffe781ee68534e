using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// The cost of the network hop, honestly: the same create-message load (wrk, 64 connections, 64 conversations,
/// PostgreSQL) against one API process with its co-hosted silo, then against the first of two such processes
/// joined in one cluster (ADO.NET membership in the same database). Both configurations use ADO.NET membership;
/// only the second silo differs. With two silos the conversations' grains spread over both, so about half the
/// grain calls cross from one process to the other over TCP on loopback, on the same two cores. Each round also runs
/// one silo under localhost membership (no membership table), the PostgreSQL scenario's configuration, right beside
/// the one under ADO.NET membership: paired, so a difference between the two is the membership's, not the machine's.
/// </summary>
public static class ClusterScenario
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var local = new List<double>();
        var localRatio = new List<double>();
        var one = new List<double>();
        var oneP99 = new List<double>();
        var two = new List<double>();
        var twoP99 = new List<double>();
        var ratio = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Alternate which membership goes first, so neither always has the warmer machine.
            Wrk.Result alone, single;
            if (round % 2 == 1)
            {
                alone = await MeasureAsync(silos: 1, membership: "localhost");
                single = await MeasureAsync(silos: 1);
            }
            else
            {
                single = await MeasureAsync(silos: 1);
                alone = await MeasureAsync(silos: 1, membership: "localhost");
            }

            var pair = await MeasureAsync(silos: 2);
            local.Add(alone.RequestsPerSecond);
            localRatio.Add(single.RequestsPerSecond / alone.RequestsPerSecond);
            one.Add(single.RequestsPerSecond);
            oneP99.Add(single.P99Milliseconds);
            two.Add(pair.RequestsPerSecond);
            twoP99.Add(pair.P99Milliseconds);
            ratio.Add(pair.RequestsPerSecond / single.RequestsPerSecond);
            Console.WriteLine($"  round {round}: 1 silo, localhost membership {alone.RequestsPerSecond:0}/s; 1 silo {single.RequestsPerSecond:0}/s (p99 {single.P99Milliseconds:0.0} ms), 2 silos {pair.RequestsPerSecond:0}/s (p99 {pair.P99Milliseconds:0.0} ms)");
        }

        return
        [
            new Measurement("create message, 1 silo, localhost membership (no membership table)", "req/s", local),
            new Measurement("ratio 1 silo ADO.NET / localhost membership", "x", localRatio),
            new Measurement("create message, 1 silo", "req/s", one),
            new Measurement("create message, 1 silo, p99", "ms", oneP99),
            new Measurement("create message, 2 silos on this machine, load on the first", "req/s", two),
            new Measurement("create message, 2 silos, p99", "ms", twoP99),
            new Measurement("ratio 2 silos / 1 silo", "x", ratio),
        ];
    }

    private static async Task<Wrk.Result> MeasureAsync(int silos, string membership = "adonet")
    {
        await using var database = await BenchDatabase.FreshAsync();
        var cluster = new Dictionary<string, string>
        {
            ["Cluster__Membership"] = membership,
            ["Cluster__ClusterId"] = "bench",
            ["Cluster__ServiceId"] = "bench",
        };
        var processes = new List<ApiProcess>();
        try
        {
            processes.Add(await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: cluster));
            for (var i = 1; i < silos; i++)
            {
                // Migrations are applied by the first; the others join its cluster.
                processes.Add(await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: cluster));
            }

            var first = processes[0];
            using var client = first.Client();
            await WaitForSilosAsync(client, silos);
            var ids = await ThroughputScenarios.CreateConversationsAsync(client, 64);
            return await Wrk.RunAsync(first.Address, "POST", "/v1/messaging/conversations/{id}/messages", ids, ThroughputScenarios.CreateMessage, ApiProcess.ApiKey);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static async Task WaitForSilosAsync(HttpClient client, int silos)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var health = await client.GetStringAsync("/health/ready");
            if (health.Contains($"\"{silos} active silo(s).\"", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"The cluster did not reach {silos} active silos within 90 s.");
    }
}
