using Orleans.Concurrency;

namespace Runtype.Grains;

/// <summary>A registered surface (channel), keyed by <see cref="GrainKeys.Compose"/>(owner, surface id).</summary>
[Alias("Runtype.ISurfaceGrain")]
public interface ISurfaceGrain : IGrainWithStringKey
{
    [Alias("Get"), ReadOnly]
    Task<Surface?> Get();

    /// <summary>Registers the surface, or renames it if it exists.</summary>
    [Alias("Put")]
    Task<Surface> Put(string name, string type);
}
