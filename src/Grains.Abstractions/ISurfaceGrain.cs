using Orleans.Concurrency;

namespace Runtype.Grains;

/// <summary>A registered surface (channel), keyed by <see cref="GrainKeys.Compose"/>(owner, surface id).</summary>
/// <remarks>Not reentrant: registrations apply one at a time, in the order the activation receives them.</remarks>
[Alias("Runtype.ISurfaceGrain")]
public interface ISurfaceGrain : IGrainWithStringKey
{
    /// <summary>Reads the surface; read-only, so it may interleave with other reads but never with <see cref="Put"/>.</summary>
    /// <returns>The surface as last stored, or null when it was never registered.</returns>
    [Alias("Get"), ReadOnly]
    Task<Surface?> Get();

    /// <summary>Registers the surface, or renames it if it exists.</summary>
    /// <param name="name">The surface's display name.</param>
    /// <param name="type">The surface's type, the kind of channel (for example <c>email</c>).</param>
    /// <returns>
    /// The surface as stored: its creation time kept when it existed, its update time now. When the write fails the
    /// call throws and the stored surface is unchanged.
    /// </returns>
    [Alias("Put")]
    Task<Surface> Put(string name, string type);
}
