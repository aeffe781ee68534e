using System.Diagnostics;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// 100,000 active conversations with 10 messages each, on PostgreSQL: the rows are bulk-loaded, then every
/// conversation is activated by listing its messages over HTTP (64 in flight), which loads its grain and its
/// recent-message window. Then the API process's resident memory is read from /proc. A second pass over all of
/// them checks that they stayed active: it must not read a single conversation row from the database.
/// </summary>
public static class MemoryScenario
{
    private const int Conversations = 100_000;
    private const int MessagesEach = 10;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var rss = new List<double>();
        var peak = new List<double>();
        var activation = new List<double>();
        var reloads = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await using var database = await BenchDatabase.FreshAsync();
            await BulkLoad.ConversationsAsync(database.ConnectionString, Conversations, surfaces: 20, MessagesEach);
            await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
            using var client = api.Client();

            var clock = Stopwatch.StartNew();
            await VisitAllAsync(client);
            activation.Add(clock.Elapsed.TotalSeconds);
            await Task.Delay(TimeSpan.FromSeconds(5)); // let the GC and the allocator settle before reading.
            var (resident, high) = Memory(api.ProcessId);
            rss.Add(resident);
            peak.Add(high);
            await HeapReport.WriteAsync(api.ProcessId, $"footprint-{round}");

            await Task.Delay(TimeSpan.FromSeconds(7)); // with the 5 s above: past the 10 s in which idle backends publish statistics.
            var before = await ConversationReadsAsync(database.ConnectionString);
            await VisitAllAsync(client);
            await Task.Delay(TimeSpan.FromSeconds(12)); // idle PostgreSQL backends publish their statistics within 10 s.
            reloads.Add(await ConversationReadsAsync(database.ConnectionString) - before);
            Console.WriteLine($"  round {round}: RSS {resident:0} MiB (peak {high:0}), activation {activation[^1]:0} s, rows re-read {reloads[^1]:0}");
        }

        return
        [
            new Measurement("API process resident memory, 100,000 active conversations x 10 messages (target <= 1024 MiB)", "MiB", rss),
            new Measurement("API process peak resident memory (VmHWM)", "MiB", peak),
            new Measurement("time to activate all 100,000 over HTTP, 64 in flight", "s", activation),
            new Measurement("conversation rows read during a second pass over all 100,000 (0 = all stayed active)", "rows", reloads),
        ];
    }

    private static async Task VisitAllAsync(HttpClient client)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) <= Conversations)
            {
                using var response = await client.GetAsync($"/v1/messaging/conversations/{BulkLoad.ConversationIdOf(n)}/messages?limit=10");
                response.EnsureSuccessStatusCode();
            }
        }));
    }

    internal static (double ResidentMiB, double PeakMiB) Memory(int processId)
    {
        double Read(string key) => double.Parse(File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(key, StringComparison.Ordinal))
            .Split(':', 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>Lookups of conversation rows by key so far (the grain reads its row once, on activation).</summary>
    private static async Task<double> ConversationReadsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'pk_runtype_conversations'", connection);
        return Convert.ToDouble(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
