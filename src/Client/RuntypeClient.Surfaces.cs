using System.Text.Json.Serialization;

namespace Runtype.Client;

public sealed partial class RuntypeClient
{
    /// <summary>Registers the surface, or renames it if it exists; its inactivity timers stay as they are.</summary>
    public Task<Surface> PutSurfaceAsync(string surfaceId, string name, string type, CancellationToken cancellationToken = default) =>
        PutSurfaceAsync(surfaceId, name, type, default, default, cancellationToken);

    /// <summary>
    /// Registers or renames the surface and sets the inactivity timers its conversations inherit: a present value sets
    /// (null removes) the rule, an absent one leaves it. The answer comes once every open and closed conversation of
    /// the surface has its timer set again.
    /// </summary>
    public Task<Surface> PutSurfaceAsync(
        string surfaceId, string name, string type, Optional<TimeSpan?> autoCloseAfter, Optional<TimeSpan?> autoArchiveAfter,
        CancellationToken cancellationToken = default) =>
        SendAsync<Surface>(NewRequest(HttpMethod.Put, SurfacePath(surfaceId), new SurfaceBody(name, type, autoCloseAfter, autoArchiveAfter)), cancellationToken);

    /// <summary>A registered surface.</summary>
    public Task<Surface> GetSurfaceAsync(string surfaceId, CancellationToken cancellationToken = default) =>
        SendAsync<Surface>(NewRequest(HttpMethod.Get, SurfacePath(surfaceId)), cancellationToken);

    private static string SurfacePath(string surfaceId) => ApiRoutes.Path(ApiRoutes.Surface, surfaceId);

    private sealed record SurfaceBody(
        string Name,
        string Type,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<TimeSpan?> AutoCloseAfter,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<TimeSpan?> AutoArchiveAfter);
}
