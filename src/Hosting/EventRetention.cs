using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runtype.Grains;
using Runtype.Grains.Storage;

namespace Runtype.Hosting;

/// <summary>
/// Deletes events older than <see cref="EventsOptions.RetentionDays"/>, and Idempotency-Key records past their replay
/// window (<see cref="IdempotencyGrain.Retention"/>, plus the claim lease and a margin), every minute, in every silo.
/// Batches keep each statement short (appends never wait behind a long delete); several silos purging at once only
/// share the work. A storage error is logged and the next run tries again: retention must never stop a silo.
/// </summary>
public sealed class EventRetention(
    IEventLog log, IExpiringGrainState grainState, IOptions<EventsOptions> options, TimeProvider time, ILogger<EventRetention> logger)
    : BackgroundService
{
    /// <summary>
    /// How long after its last write an idempotency record is deleted: its replay window (24 h from the answer it keeps),
    /// the lease of a claim that never completed, and a margin for clocks.
    /// </summary>
    public static readonly TimeSpan IdempotencyRecordsKept = IdempotencyGrain.Retention + IdempotencyGrain.ClaimLease + TimeSpan.FromMinutes(5);

    public const int BatchSize = 1_000;

    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Purges batch after batch until one comes back short; returns how many events went. Errors propagate.
    /// </summary>
    public static Task<int> PurgeAsync(IEventLog log, DateTime olderThan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        return DrainAsync(() => log.PurgeAsync(olderThan, BatchSize), cancellationToken);
    }

    /// <summary>Deletes, batch after batch, the idempotency records last written before <paramref name="before"/>; how many went.</summary>
    public static Task<int> DeleteExpiredIdempotencyRecordsAsync(IExpiringGrainState grainState, DateTime before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        return DrainAsync(() => grainState.DeleteWrittenBeforeAsync(IdempotencyGrain.StateName, before, BatchSize), cancellationToken);
    }

    /// <summary>Runs <paramref name="batch"/> until one deletes fewer than <see cref="BatchSize"/>; how many went in all.</summary>
    private static async Task<int> DrainAsync(Func<Task<int>> batch, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted = await batch();
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Jittered, so silos started together do not purge in step.
        var delay = TimeSpan.FromSeconds(5 + Random.Shared.NextDouble() * 10);
        try
        {
            while (true)
            {
                await Task.Delay(delay, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
                delay = Period + TimeSpan.FromSeconds(Random.Shared.NextDouble() * 5);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var olderThan = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
        try
        {
            var purged = await PurgeAsync(log, olderThan, stoppingToken);
            if (purged > 0)
            {
                logger.LogInformation("Deleted {Count} events created before {OlderThan:O} (retention {Days} days)", purged, olderThan, options.Value.RetentionDays);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Deleting expired events failed; the next run tries again");
        }

        var before = time.GetUtcNow().UtcDateTime - IdempotencyRecordsKept;
        try
        {
            var deleted = await DeleteExpiredIdempotencyRecordsAsync(grainState, before, stoppingToken);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} Idempotency-Key records last written before {Before:O}", deleted, before);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Deleting expired Idempotency-Key records failed; the next run tries again");
        }
    }
}
