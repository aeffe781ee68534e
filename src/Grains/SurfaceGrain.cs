namespace Runtype.Grains;

public sealed class SurfaceGrain(
    [PersistentState("surface", GrainStorageNames.Default)] IPersistentState<SurfaceState> state,
    TimeProvider time) : Grain, ISurfaceGrain
{
    Task<Surface?> ISurfaceGrain.Get() => Task.FromResult(state.State.Surface);

    async Task<Surface> ISurfaceGrain.Put(string name, string type)
    {
        var now = time.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        var (_, id) = GrainKeys.Parse(this.GetPrimaryKeyString());
        var surface = state.State.Surface is { } existing
            ? existing with { Name = name, Type = type, UpdatedAt = now }
            : new Surface { Id = id, Name = name, Type = type, CreatedAt = now, UpdatedAt = now };
        await state.WriteOrRestoreAsync(new SurfaceState { Surface = surface });
        return surface;
    }
}

[GenerateSerializer, Alias("Runtype.SurfaceState")]
public sealed class SurfaceState
{
    [Id(0)] public Surface? Surface { get; set; }
}
