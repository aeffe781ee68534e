using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;

namespace Runtype.Grains.Storage;

/// <summary>
/// The memory store's grain state (surfaces, webhooks, idempotency records), as each silo's storage provider
/// (<see cref="InMemoryGrainStorage"/>) serialized it, with the ETag check the grains rely on (of two activations, only
/// the one that read the current version may write) and the time of the last write, so expired records can be deleted
/// (<see cref="IExpiringGrainState"/>). One instance serves every silo of a process, as one database serves a cluster.
/// </summary>
public sealed class InMemoryGrainState(TimeProvider time) : IExpiringGrainState
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Record> _records = new();
    private long _version;

    internal bool TryRead(string stateName, GrainId grainId, out byte[] payload, out string etag)
    {
        var found = _records.TryGetValue((stateName, grainId), out var record);
        (payload, etag) = found ? (record!.Payload, record.ETag) : ([], "");
        return found;
    }

    /// <summary>Stores <paramref name="payload"/> (null: deletes) in place of the version <paramref name="expectedETag"/>; the new ETag.</summary>
    internal string? Write(string stateName, GrainId grainId, string? expectedETag, byte[]? payload)
    {
        var written = payload is null ? null : new Record(payload, NextETag(), time.GetUtcNow().UtcDateTime);
        Replace((stateName, grainId), expectedETag, written);
        return written?.ETag;
    }

    public Task<int> DeleteWrittenBeforeAsync(string stateName, DateTime before, int batchSize)
    {
        var deleted = 0;
        foreach (var (key, record) in _records)
        {
            if (deleted == batchSize)
            {
                break;
            }

            // Removed only as it was read: a write in between made it current again.
            if (key.State == stateName && record.Written < before && _records.TryRemove(new KeyValuePair<(string, GrainId), Record>(key, record)))
            {
                deleted++;
            }
        }

        return Task.FromResult(deleted);
    }

    /// <summary>Puts <paramref name="next"/> (null: nothing) in place of the record the caller read, or refuses.</summary>
    private void Replace((string State, GrainId Grain) key, string? expectedETag, Record? next)
    {
        while (true)
        {
            var exists = _records.TryGetValue(key, out var current);
            if ((exists ? current!.ETag : null) != expectedETag)
            {
                throw new InconsistentStateException("The state was written by another activation, or deleted as expired.", current?.ETag, expectedETag);
            }

            var replaced = (exists, next) switch
            {
                (true, { } record) => _records.TryUpdate(key, record, current!),
                (true, null) => _records.TryRemove(new KeyValuePair<(string, GrainId), Record>(key, current!)),
                (false, { } record) => _records.TryAdd(key, record),
                _ => true,
            };
            if (replaced)
            {
                return;
            }
        }
    }

    private string NextETag() => Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);

    private sealed record Record(byte[] Payload, string ETag, DateTime Written);
}
