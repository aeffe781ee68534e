using Npgsql;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Tests;

/// <summary>
/// The real event log, read only after every transaction that was running on the server when the read was asked
/// for has ended. PostgreSQL's feed horizon counts every transaction of its database (docs/events.md), and of the
/// server where the role may not see other databases' sessions: while another test class holds a long
/// transaction (a bulk load, the hole test's open transaction) the feed rightly shows nothing newer, so a test that
/// wants to see its own committed writes waits for the horizon to pass them, as a polling reader would.
/// </summary>
internal sealed class SettledEventLog(IEventLog inner, string? postgresConnectionString) : IEventLog
{
    public static IEventLog For(string provider, IEventLog log, Func<string> connectionString) =>
        provider == "postgres" ? new SettledEventLog(log, connectionString()) : log;

    public async Task<EventPage> ReadAsync(string owner, EventQuery query)
    {
        await SettleAsync();
        return await inner.ReadAsync(owner, query);
    }

    public async Task<EventPosition> LatestAsync(string owner)
    {
        await SettleAsync();
        return await inner.LatestAsync(owner);
    }

    public Task<int> PurgeAsync(DateTime olderThan, int batchSize) => inner.PurgeAsync(olderThan, batchSize);

    private async Task SettleAsync()
    {
        if (postgresConnectionString is not null)
        {
            await using var connection = new NpgsqlConnection(postgresConnectionString);
            await connection.OpenAsync();
            await using var next = new NpgsqlCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", connection);
            var target = (long)(await next.ExecuteScalarAsync())!;
            await using var horizon = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", connection);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((long)(await horizon.ExecuteScalarAsync())! < target && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }
}
