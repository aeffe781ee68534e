using Orleans.Concurrency;

namespace Runtype.Grains.Email;

/// <summary>
/// The mail side of one email surface, keyed like its <see cref="ISurfaceGrain"/> (owner, surface id): it owns the
/// mailbox position and polls one at a time, and it sends the surface's outbound messages from the event log.
/// </summary>
[Alias("Runtype.IEmailSurfaceGrain")]
public interface IEmailSurfaceGrain : IGrainWithStringKey
{
    /// <summary>
    /// The surface's settings changed (or were removed: null). Called by the surface's grain after it stored them and
    /// before the PUT is answered: a new mailbox starts from its beginning, polling and its reminder follow the settings.
    /// </summary>
    [Alias("Configure")]
    Task Configure(EmailSettings? settings);

    /// <summary>Asks for a poll now; one asked for while one runs is merged into it. False when the surface reads no mailbox.</summary>
    [Alias("Poll"), AlwaysInterleave]
    Task<bool> Poll();

    /// <summary>An outbound message to send was committed: look at the log now rather than at the next reminder.</summary>
    [Alias("Wake"), AlwaysInterleave, OneWay]
    Task Wake();

    [Alias("Status"), AlwaysInterleave]
    Task<EmailSurfaceStatus> Status();
}
