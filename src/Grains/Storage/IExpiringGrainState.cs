namespace Runtype.Grains.Storage;

/// <summary>
/// Grain state that is worth nothing after a while (an Idempotency-Key's record, <see cref="IdempotencyGrain.Retention"/>):
/// where it is kept can delete, in bounded batches, the records of one state name last written before a time, so the
/// records of keys never used again do not stay forever.
/// </summary>
public interface IExpiringGrainState
{
    /// <summary>Deletes up to <paramref name="batchSize"/> records of <paramref name="stateName"/> last written before <paramref name="before"/>; how many went.</summary>
    Task<int> DeleteWrittenBeforeAsync(string stateName, DateTime before, int batchSize);
}
