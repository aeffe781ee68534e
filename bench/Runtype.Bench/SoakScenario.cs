using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// Holds half the measured maximum create-message throughput against PostgreSQL for a long time and records,
/// every 10 seconds, the error rate, the p99 latency and the server's resident memory. Latency is measured from
/// each request's scheduled start (open loop), so a stall shows up as latency instead of hiding as fewer requests.
/// </summary>
public static class SoakScenario
{
    private const int Connections = 64;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <param name="Checkpoints">PostgreSQL checkpoints completed in the window (timed or requested).</param>
    /// <param name="Autovacuums">Autovacuum and autoanalyze runs finished on the product's tables in the window.</param>
    public sealed record Sample(double Seconds, int Requests, int Errors, double P99Milliseconds, double ResidentMiB, long Checkpoints, long Autovacuums);

    public static async Task<(double MaxPerSecond, double Rate, List<Sample> Samples)> RunAsync(TimeSpan duration)
    {
        await using var database = await BenchDatabase.FreshAsync();
        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
        using var client = api.Client();
        var conversations = new List<string>();
        for (var i = 0; i < Connections; i++)
        {
            using var created = await client.PostAsync("/v1/messaging/conversations", Json("""{"surfaceId":"soak"}"""));
            conversations.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }

        // The ceiling: every connection posting back to back for 20 seconds.
        var counted = 0;
        var ceiling = Stopwatch.StartNew();
        await Task.WhenAll(conversations.Select(async id =>
        {
            while (ceiling.Elapsed < TimeSpan.FromSeconds(20))
            {
                using var response = await client.PostAsync($"/v1/messaging/conversations/{id}/messages", Json("""{"content":"ceiling","role":"user"}"""));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref counted);
                }
            }
        }));
        var max = counted / ceiling.Elapsed.TotalSeconds;
        var rate = max / 2;
        Console.WriteLine($"  ceiling {max:0} messages/s; soaking at {rate:0}/s for {duration}");

        var activity = new DatabaseActivity(database.ConnectionString);
        await activity.ReadAsync();
        var latencies = new ConcurrentQueue<double>();
        var errors = 0;
        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        var perConnection = TimeSpan.FromSeconds(Connections / rate);
        var load = Task.WhenAll(conversations.Select(async (id, index) =>
        {
            var due = perConnection * index / Connections;
            while (due < duration)
            {
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                try
                {
                    using var response = await client.PostAsync($"/v1/messaging/conversations/{id}/messages", Json("""{"content":"soak","role":"user"}"""));
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Enqueue((clock.Elapsed - due).TotalMilliseconds);
                due += perConnection;
            }
        }));

        while (!load.IsCompleted)
        {
            await Task.WhenAny(load, Task.Delay(Interval));
            var window = new List<double>();
            while (latencies.TryDequeue(out var latency))
            {
                window.Add(latency);
            }

            var p99 = window.Count == 0 ? 0 : Measurement.PercentileOf(window, 0.99);
            var (checkpoints, autovacuums) = await activity.ReadAsync();
            var sample = new Sample(clock.Elapsed.TotalSeconds, window.Count, Interlocked.Exchange(ref errors, 0), p99, ResidentMiB(api.ProcessId), checkpoints, autovacuums);
            samples.Add(sample);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  t={sample.Seconds:0}s requests={sample.Requests} errors={sample.Errors} p99={sample.P99Milliseconds:0.0}ms rss={sample.ResidentMiB:0}MiB checkpoints={checkpoints} autovacuums={autovacuums}"));
        }

        return (max, rate, samples);
    }

    private static double ResidentMiB(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>What PostgreSQL did between two reads: checkpoints, and autovacuum/autoanalyze runs on our tables.</summary>
    private sealed class DatabaseActivity(string connectionString)
    {
        private (long Checkpoints, long Autovacuums) _last;

        public async Task<(long Checkpoints, long Autovacuums)> ReadAsync()
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                """
                SELECT (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter),
                       (SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0)::bigint FROM pg_stat_user_tables)
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var now = (reader.GetInt64(0), reader.GetInt64(1));
            var delta = (now.Item1 - _last.Checkpoints, now.Item2 - _last.Autovacuums);
            _last = now;
            return delta;
        }
    }
}
