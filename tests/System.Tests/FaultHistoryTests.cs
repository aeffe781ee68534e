using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Runtype.Testing;
using Runtype.Testing.History;

namespace Runtype.System.Tests;

/// <summary>
/// The history of tests/Testing/History under faults, on PostgreSQL with three silo processes clustered through the
/// membership table and two API processes as their clients: a silo killed (SIGKILL), two silos partitioned (network
/// namespaces, the link between them down), the database link cut (a proxy in front of PostgreSQL). Clients retry every
/// answer of unknown outcome with the same Idempotency-Key (or externalMessageId) until it resolves; afterwards every
/// acknowledged message must be there exactly once and every other promise hold, with zero violations. Email runs
/// through every fault too (mail polled in, posts emailed out; the mail servers themselves are never cut).
/// Each test runs one fault cycle (under about 90 s); <c>RUNTYPE_HISTORY_SECONDS</c> (scripts/faults.sh) repeats cycles
/// for that long. Every wait is for something observed: acknowledgements, membership status, answers.
/// </summary>
public sealed class FaultHistoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Silos = 3;

    [Fact]
    public async Task A_silo_killed_mid_history_loses_duplicates_and_reorders_nothing()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await FaultCluster.StartAsync(FaultTopology.Loopback, Silos, apis: 2);
        await RunAsync(clock, cluster, "silo-kill", async (workload, cycle) =>
        {
            var recorder = workload.Recorder;
            var index = cycle % Silos;
            var victim = cluster.Silos[index];
            await WritesAsync(workload, 100, "writes before the kill");
            recorder.Fault($"SIGKILL {victim.Name} ({victim.Address}:{victim.SiloPort})");
            victim.Kill();
            await victim.WaitForStatusAsync(SiloProcess.Dead, TimeSpan.FromSeconds(90));
            recorder.Fault($"{victim.Name} declared dead in the membership table");
            await WritesAsync(workload, 150, "writes after the silo was declared dead");
            if (HistoryOptions.LongerRun is not null)
            {
                await cluster.RestartSiloAsync(index);
                recorder.Fault($"{victim.Name} restarted, active again");
            }
        });
    }

    [NamespacesFact]
    public async Task A_network_partition_between_two_silos_loses_duplicates_and_reorders_nothing()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await FaultCluster.StartAsync(FaultTopology.Namespaces, Silos, apis: 2);
        var lab = cluster.Lab!;
        await RunAsync(clock, cluster, "partition", async (workload, cycle) =>
        {
            // Even cycles cut the link between two silos (each still reaches the third, the API and the database); odd
            // cycles (long runs only) cut a silo off from both others, so the cluster declares it dead and it stops.
            var links = cycle % 2 == 0 ? [(0, 1)] : new[] { (2, 0), (2, 1) };
            var recorder = workload.Recorder;
            await WritesAsync(workload, 100, "writes before the partition");
            var unknownBefore = recorder.UnknownAnswers;
            recorder.Fault("links down: " + string.Join(", ", links.Select(l => $"{cluster.Silos[l.Item1].Name} <-> {cluster.Silos[l.Item2].Name}")));
            foreach (var (a, b) in links)
            {
                await lab.CutAsync(a, b);
            }

            // Held until the service has felt it (clients got answers of unknown outcome, or a silo was declared dead)
            // and writes went on meanwhile, or at most 20 s (a short run; a long one holds each cut as long).
            var held = Stopwatch.StartNew();
            var acknowledged = recorder.Acknowledged;
            var cutOff = links.SelectMany(l => new[] { l.Item1, l.Item2 }).Distinct().ToArray();
            while (held.Elapsed < TimeSpan.FromSeconds(20)
                && !((recorder.UnknownAnswers >= unknownBefore + 3 || await AnyDeadAsync(cluster, cutOff)) && recorder.Acknowledged > acknowledged + 100))
            {
                await Task.Delay(50);
            }

            recorder.Fault($"partition held {held.Elapsed.TotalSeconds:F1}s: {recorder.UnknownAnswers - unknownBefore} answers of unknown outcome, {recorder.Acknowledged - acknowledged} writes acknowledged meanwhile");
            foreach (var (a, b) in links)
            {
                await lab.HealAsync(a, b);
            }

            recorder.Fault("links up again");
            foreach (var i in cutOff)
            {
                if (cluster.Silos[i].HasExited || await cluster.Silos[i].StatusAsync() == SiloProcess.Dead)
                {
                    // Declared dead, it stops itself (or is about to): a new incarnation takes its place.
                    recorder.Fault($"{cluster.Silos[i].Name} had been declared dead; restarting it");
                    await cluster.RestartSiloAsync(i);
                }
            }

            await WritesAsync(workload, 150, "writes after the partition healed");
        });
    }

    [Fact]
    public async Task The_database_link_cut_mid_history_loses_duplicates_and_reorders_nothing()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await FaultCluster.StartAsync(FaultTopology.DatabaseBehindProxy, Silos, apis: 2);
        var proxy = cluster.Proxy!;
        await RunAsync(clock, cluster, "database-cut", async (workload, cycle) =>
        {
            var recorder = workload.Recorder;
            await WritesAsync(workload, 100, "writes before the cut");
            var unknownBefore = recorder.UnknownAnswers;
            recorder.Fault("database link cut (every connection dropped, new ones refused)");
            proxy.Cut();
            var held = Stopwatch.StartNew();

            // Held until every API node's readiness names storage as the failing part and clients have had answers of
            // unknown outcome to retry (or at most 30 s).
            while (held.Elapsed < TimeSpan.FromSeconds(30) && !(recorder.UnknownAnswers >= unknownBefore + 50 && await StorageDownEverywhereAsync(cluster)))
            {
                await Task.Delay(50);
            }

            recorder.Fault($"database link restored after {held.Elapsed.TotalSeconds:F1}s and {recorder.UnknownAnswers - unknownBefore} answers of unknown outcome");
            proxy.Restore();
            await WritesAsync(workload, 150, "writes after the database came back");
        });
    }

    /// <summary>Whether every API node's /health/ready answers 503 with storage unhealthy.</summary>
    private static async Task<bool> StorageDownEverywhereAsync(FaultCluster cluster)
    {
        foreach (var api in cluster.Apis)
        {
            using var client = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var ready = await client.GetAsync("/health/ready");
                var body = await ready.Content.ReadAsStringAsync();
                if (ready.StatusCode != HttpStatusCode.ServiceUnavailable
                    || JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString() != "Unhealthy")
                {
                    return false;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> AnyDeadAsync(FaultCluster cluster, params int[] silos)
    {
        foreach (var i in silos)
        {
            if (cluster.Silos[i].HasExited || await cluster.Silos[i].StatusAsync() == SiloProcess.Dead)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits until <paramref name="count"/> more writes were acknowledged: the service is taking writes.</summary>
    private static Task WritesAsync(HistoryWorkload workload, int count, string what)
    {
        var target = workload.Recorder.Acknowledged + count;
        return workload.WaitUntilAsync(() => workload.Recorder.Acknowledged >= target, TimeSpan.FromSeconds(90), what);
    }

    /// <summary>
    /// Sets up the owners' conversations, runs the load, runs fault cycles (one; or, with RUNTYPE_HISTORY_SECONDS, as
    /// many as fit), stops the load (each client finishes its operation, retries included), checks the history.
    /// </summary>
    private async Task RunAsync(Stopwatch clock, FaultCluster cluster, string name, Func<HistoryWorkload, int, Task> cycle)
    {
        var longer = HistoryOptions.LongerRun;
        var workload = new HistoryWorkload(new HistoryOptions
        {
            Nodes = [.. cluster.Apis.Select(a => a.Address)],
            OwnerA = FaultCluster.OwnerA,
            OwnerB = FaultCluster.OwnerB,
            Clients = 16,
            OperationsPerClient = int.MaxValue,
            Duration = (longer ?? TimeSpan.Zero) + TimeSpan.FromMinutes(3),
            // A keyed request cut off by a fault holds its key for the claim's lease (a minute), then a retry runs it.
            ResolveWithin = TimeSpan.FromSeconds(80),
            Mail = cluster.Mail,
            // A send cut off by a fault is retried with backoff (from a second, doubling): room for a few rounds of it.
            MailSettle = TimeSpan.FromSeconds(120),
        });
        output.WriteLine($"{name}: seed {workload.Options.Seed}; cluster up after {clock.Elapsed.TotalSeconds:F1}s");
        await workload.SetUpAsync();
        using var stop = new CancellationTokenSource();
        var load = workload.RunAsync(stop.Token);
        var loadClock = Stopwatch.StartNew();
        var cycles = 0;
        try
        {
            do
            {
                await cycle(workload, cycles++);
            }
            while (longer is { } seconds && loadClock.Elapsed < seconds && !load.IsCompleted);
        }
        finally
        {
            await stop.CancelAsync();
            await load.WaitAsync(TimeSpan.FromSeconds(120));
        }

        output.WriteLine($"{cycles} fault cycle(s); load ran {loadClock.Elapsed.TotalSeconds:F1}s (every operation settled)");
        var (report, saved) = await workload.CheckAsync(cluster.Apis[0].Address, faultsExpected: true, name: "faults-" + name);
        var logs = Path.ChangeExtension(saved, ".processes.log");
        await File.WriteAllTextAsync(logs, cluster.Logs());
        var store = await StoreDisagreementsAsync(cluster, workload);
        await File.AppendAllTextAsync(Path.ChangeExtension(saved, ".summary.txt"), string.Join("\n", store.Select(d => "  STORE " + d)));
        output.WriteLine(report.Summary());
        output.WriteLine(store.Count == 0 ? "the store of record holds exactly what the API listed" : "the store of record disagrees with the API's listing:\n" + string.Join("\n", store));
        output.WriteLine($"history saved to {saved}, the processes' last output to {logs}; total {clock.Elapsed.TotalSeconds:F1}s");
        Assert.True(report.ViolationCount == 0, $"The history under faults broke {report.ViolationCount} promise(s) (history: {saved}, process output: {logs}):\n{report.Summary()}");
        Assert.True(report.Faults.Count >= 2, "no fault was injected");
        Assert.True(report.MailsIngested > 0 && report.MailsSent > 0, $"No mail was polled or none was sent:\n{report.Summary()}");
        Assert.True(store.Count == 0, $"The store of record disagrees with what the API lists (history: {saved}):\n{string.Join("\n", store)}");
    }

    /// <summary>
    /// The one look inside: each conversation's rows in the store of record, in position order, against the API's final
    /// listing, so a violation can be told apart as lost in the store or only misread on the way out.
    /// </summary>
    private static async Task<List<string>> StoreDisagreementsAsync(FaultCluster cluster, HistoryWorkload workload)
    {
        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var connection = new Npgsql.NpgsqlConnection(cluster.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT conversation_id, id FROM runtype_messages ORDER BY conversation_id, position", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var conversation = reader.GetString(0);
                if (!rows.TryGetValue(conversation, out var ids))
                {
                    rows[conversation] = ids = [];
                }

                ids.Add(reader.GetString(1));
            }
        }

        var disagreements = new List<string>();
        foreach (var (id, conversation) in new[] { workload.FinalA!, workload.FinalB! }.SelectMany(o => o.Conversations))
        {
            var stored = rows.GetValueOrDefault(id) ?? [];
            var listed = conversation.Ascending.Select(m => m.Id).ToList();
            if (!stored.SequenceEqual(listed, StringComparer.Ordinal))
            {
                var first = Enumerable.Range(0, Math.Min(stored.Count, listed.Count)).FirstOrDefault(i => stored[i] != listed[i], Math.Min(stored.Count, listed.Count));
                disagreements.Add($"{id}: {stored.Count} rows, {listed.Count} listed, first difference at position {first + 1}; "
                    + $"stored but not listed [{string.Join(",", stored.Except(listed, StringComparer.Ordinal).Take(5))}], "
                    + $"listed but not stored [{string.Join(",", listed.Except(stored, StringComparer.Ordinal).Take(5))}]");
            }
        }

        return disagreements;
    }
}

/// <summary>A fact that needs Linux network namespaces: skipped, saying why, only where <c>ip netns</c> cannot work.</summary>
public sealed class NamespacesFactAttribute : FactAttribute
{
    public NamespacesFactAttribute()
    {
        if (NetworkLab.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
