namespace Runtype.Client;

public sealed partial class RuntypeClient
{
    /// <summary>Registers the surface, or renames it if it exists.</summary>
    public Task<Surface> PutSurfaceAsync(string surfaceId, string name, string type, CancellationToken cancellationToken = default) =>
        SendAsync<Surface>(NewRequest(HttpMethod.Put, SurfacePath(surfaceId), new SurfaceBody(name, type)), cancellationToken);

    /// <summary>A registered surface.</summary>
    public Task<Surface> GetSurfaceAsync(string surfaceId, CancellationToken cancellationToken = default) =>
        SendAsync<Surface>(NewRequest(HttpMethod.Get, SurfacePath(surfaceId)), cancellationToken);

    private static string SurfacePath(string surfaceId) => ApiRoutes.Path(ApiRoutes.Surface, surfaceId);

    private sealed record SurfaceBody(string Name, string Type);
}
