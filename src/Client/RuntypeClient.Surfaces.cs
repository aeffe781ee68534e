namespace Runtype.Client;

public sealed partial class RuntypeClient
{
    /// <summary>
    /// Registers the surface, or renames it if it exists; its inactivity timers stay as they are. It sends no email
    /// settings, so it removes an email surface's (use the <see cref="PutSurfaceRequest"/> overload to keep them).
    /// </summary>
    public Task<Surface> PutSurfaceAsync(string surfaceId, string name, string type, CancellationToken cancellationToken = default) =>
        PutSurfaceAsync(surfaceId, new PutSurfaceRequest { Name = name, Type = type }, cancellationToken);

    /// <summary>
    /// Registers or renames the surface and sets the inactivity timers its conversations inherit: a present value sets
    /// (null removes) the rule, an absent one leaves it. The answer comes once every open and closed conversation of
    /// the surface has its timer set again. Like the overload without timers, it removes email settings.
    /// </summary>
    public Task<Surface> PutSurfaceAsync(
        string surfaceId, string name, string type, Optional<TimeSpan?> autoCloseAfter, Optional<TimeSpan?> autoArchiveAfter,
        CancellationToken cancellationToken = default) =>
        PutSurfaceAsync(surfaceId, new PutSurfaceRequest { Name = name, Type = type, AutoCloseAfter = autoCloseAfter, AutoArchiveAfter = autoArchiveAfter },
            cancellationToken);

    /// <summary>
    /// Registers or changes the surface as <paramref name="request"/> says, its email settings included: the answer
    /// shows them without passwords (<see cref="SurfaceMailServer.PasswordSet"/>) and the mailbox's status. The API
    /// refuses hosts that resolve to private addresses with a 400 naming the field (<c>email.imap.host</c>).
    /// </summary>
    public Task<Surface> PutSurfaceAsync(string surfaceId, PutSurfaceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<Surface>(NewRequest(HttpMethod.Put, SurfacePath(surfaceId), request), cancellationToken);
    }

    /// <summary>A registered surface, with its mailbox's status when it has email settings.</summary>
    public Task<Surface> GetSurfaceAsync(string surfaceId, CancellationToken cancellationToken = default) =>
        SendAsync<Surface>(NewRequest(HttpMethod.Get, SurfacePath(surfaceId)), cancellationToken);

    /// <summary>
    /// Asks the cluster to read the surface's mailbox now instead of at its next <see cref="EmailSettings.PollEvery"/>.
    /// Returns once the API accepted it (202); the poll runs on, and a poll asked for while one runs is merged into it.
    /// Its outcome shows on <see cref="GetSurfaceAsync"/> (<see cref="SurfaceEmail.LastPollAt"/>, <see cref="SurfaceEmail.Status"/>).
    /// A surface that reads no mailbox is a 409, an unknown one a 404 (<see cref="RuntypeApiException"/>).
    /// </summary>
    public Task PollSurfaceAsync(string surfaceId, CancellationToken cancellationToken = default) =>
        SendAsync<PollAnswer>(NewRequest(HttpMethod.Post, ApiRoutes.Path(ApiRoutes.SurfacePoll, surfaceId)), cancellationToken);

    private static string SurfacePath(string surfaceId) => ApiRoutes.Path(ApiRoutes.Surface, surfaceId);

    private sealed record PollAnswer(string SurfaceId, string Status);
}
