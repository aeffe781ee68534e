using Orleans.Serialization;
using Orleans.Storage;

namespace Runtype.Grains.Storage;

/// <summary>A silo's grain storage provider on the memory store: its serializer, the process's <see cref="InMemoryGrainState"/>.</summary>
public sealed class InMemoryGrainStorage(InMemoryGrainState records, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var found = records.TryRead(stateName, grainId, out var payload, out var etag);
        grainState.State = found ? serializer.Deserialize<T>(payload) : Activator.CreateInstance<T>();
        grainState.ETag = found ? etag : null;
        grainState.RecordExists = found;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        grainState.ETag = records.Write(stateName, grainId, grainState.ETag, serializer.SerializeToArray(grainState.State));
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        records.Write(stateName, grainId, grainState.ETag, null);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }
}
