using System.Diagnostics;
using System.Globalization;
using Runtype.Storage.Sql;
using Runtype.Testing;
using Runtype.Testing.History;

namespace Runtype.System.Tests;

/// <summary>
/// A black-box history through real Kestrel: the API binary as child processes (one on the memory store, whose data is
/// its process's memory; two co-hosting silos clustered through the database on PostgreSQL), 24 concurrent clients
/// of two owners writing and reading a few conversations at random, each owner with an email surface on the test mail
/// servers (<c>RUNTYPE_TEST_MAIL</c>: mail put into its mailbox and polled, posts on its conversations emailed), every
/// request and answer recorded, then every promise checked on the final state, on both mailboxes and on every page
/// read during the run (tests/Testing/History). It runs on each store: memory, PostgreSQL, and SQL Server when
/// <c>RUNTYPE_TEST_SQLSERVER</c> names one; <c>RUNTYPE_HISTORY_SECONDS</c> asks for a longer run,
/// <c>RUNTYPE_HISTORY_SEED</c> repeats a run's choices.
/// </summary>
public sealed class HistoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public const string OwnerAKey = "history-key-a";
    public const string OwnerBKey = "history-key-b";

    public static TheoryData<string> Stores => TestDatabase.ServerFor(SqlServerDialect.ProviderName) is null
        ? ["memory", PostgresDialect.ProviderName]
        : ["memory", PostgresDialect.ProviderName, SqlServerDialect.ProviderName];

    [Theory, MemberData(nameof(Stores))]
    public async Task Concurrent_clients_of_two_owners_keep_every_promise_through_real_Kestrel(string provider)
    {
        var clock = Stopwatch.StartNew();
        await using var database = provider == "memory" ? null : await TestDatabase.CreateAsync(provider);
        var nodes = await StartNodesAsync(provider, database);
        try
        {
            var workload = new HistoryWorkload(new HistoryOptions
            {
                Nodes = [.. nodes.Select(n => n.Address)],
                OwnerA = new HistoryOwner("history-a", OwnerAKey),
                OwnerB = new HistoryOwner("history-b", OwnerBKey),
                Mail = HistoryMailServer.Direct,
            }.WithEnvironment());
            output.WriteLine($"seed {workload.Options.Seed}; {nodes.Count} API process(es) on {provider} up after {clock.Elapsed.TotalSeconds:F1}s");
            await workload.SetUpAsync();
            var load = Stopwatch.StartNew();
            await workload.RunAsync();
            output.WriteLine($"load: {load.Elapsed.TotalSeconds:F1}s");

            var (report, saved) = await workload.CheckAsync(nodes[0].Address, faultsExpected: false, name: "api-" + provider);
            output.WriteLine(report.Summary());
            output.WriteLine($"history saved to {saved}; total {clock.Elapsed.TotalSeconds:F1}s");
            Assert.True(report.ViolationCount == 0, $"The history broke {report.ViolationCount} promise(s) (history: {saved}):\n{report.Summary()}");
            Assert.True(report.Acknowledged > 100, $"Too little was acknowledged to prove anything:\n{report.Summary()}");
            Assert.True(report.MailsIngested > 0 && report.MailsSent > 0, $"No mail was polled or none was sent:\n{report.Summary()}");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>The API processes: one on memory; on a database two, each co-hosting a silo, clustered through its membership table.</summary>
    private static async Task<List<ApiProcess>> StartNodesAsync(string provider, TestDatabase? database)
    {
        var settings = HistoryMailServer.ProcessSettings();
        settings["Auth__ApiKeys__1__Key"] = OwnerAKey;
        settings["Auth__ApiKeys__1__Owner"] = "history-a";
        settings["Auth__ApiKeys__2__Key"] = OwnerBKey;
        settings["Auth__ApiKeys__2__Owner"] = "history-b";
        if (database is null)
        {
            return [await ApiProcess.StartAsync(provider, "", settings: settings)];
        }

        var cluster = "history-" + Guid.NewGuid().ToString("N")[..8];
        settings["Cluster__Membership"] = "adonet";
        settings["Cluster__ClusterId"] = cluster;
        settings["Cluster__ServiceId"] = cluster;
        settings["Cluster__AdvertisedAddress"] = "127.0.0.1";
        // The first node migrates and joins; the second joins the cluster the first formed.
        var nodes = new List<ApiProcess> { await ApiProcess.StartAsync(provider, database.ConnectionString, settings: settings) };
        try
        {
            nodes.Add(await ApiProcess.StartAsync(provider, database.ConnectionString, settings: settings));
        }
        catch
        {
            await nodes[0].DisposeAsync();
            throw;
        }

        return nodes;
    }
}
