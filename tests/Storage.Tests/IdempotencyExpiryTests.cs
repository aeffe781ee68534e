using Microsoft.Extensions.Logging.Abstractions;
using Runtype.Grains;
using Runtype.Hosting;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// Idempotency-Key records are kept for their replay window, not forever: on PostgreSQL, a record whose last write is
/// older than the window (plus the claim lease and a margin) is deleted by retention, a younger one stays, and the
/// key's grain answers as for a new key afterwards.
/// </summary>
public sealed class IdempotencyExpiryTests
{
    [Fact]
    public async Task Records_past_their_replay_window_are_deleted_and_younger_ones_are_kept()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        await using var cluster = AdoNetCluster.Builder(database, silos: 1).Build();
        await cluster.DeployAsync();
        var (old, young) = (GrainKeys.Compose("expiry-owner", "old-key"), GrainKeys.Compose("expiry-owner", "young-key"));
        foreach (var key in new[] { old, young })
        {
            var grain = cluster.Client.GetGrain<IIdempotencyGrain>(key);
            Assert.Equal(IdempotencyClaimOutcome.Claimed, (await grain.Claim("request")).Outcome);
            await grain.Complete("request", new StoredResponse { StatusCode = 201, Body = [1, 2, 3] });
        }

        Assert.Equal(2L, await database.ScalarAsync($"SELECT count(*) FROM runtype_orleans_storage WHERE grain_type = '{IdempotencyGrain.StateName}'"));
        // The old key's record was last written two days ago.
        await database.ScalarAsync($"UPDATE runtype_orleans_storage SET modified_at = now() - interval '2 days' WHERE grain_type = '{IdempotencyGrain.StateName}' AND grain_id_extension LIKE '%old-key%' RETURNING 1");

        var sweep = new SqlExpiringGrainState(database.Dialect, database.ConnectionString, NullLogger<SqlExpiringGrainState>.Instance);
        var deleted = await EventRetention.DeleteExpiredIdempotencyRecordsAsync(sweep, DateTime.UtcNow - EventRetention.IdempotencyRecordsKept);

        Assert.Equal(1, deleted);
        Assert.Equal(1L, await database.ScalarAsync($"SELECT count(*) FROM runtype_orleans_storage WHERE grain_type = '{IdempotencyGrain.StateName}'"));
        Assert.Equal(IdempotencyClaimOutcome.Replay, (await cluster.Client.GetGrain<IIdempotencyGrain>(young).Claim("request")).Outcome);
    }
}
