using Orleans.Concurrency;

namespace Runtype.Grains;

/// <summary>A registered surface (channel), keyed by <see cref="GrainKeys.Compose"/>(owner, surface id).</summary>
/// <remarks>Not reentrant: registrations apply one at a time, in the order the activation receives them.</remarks>
[Alias("Runtype.ISurfaceGrain")]
public interface ISurfaceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reads the surface. It interleaves with everything, <see cref="Put"/> included: a <see cref="Put"/> that changes
    /// the timers waits on the surface's conversations, and those read their surface.
    /// </summary>
    /// <returns>The surface as last stored, or null when it was never registered.</returns>
    [Alias("Get"), AlwaysInterleave]
    Task<Surface?> Get();

    /// <summary>
    /// Registers the surface, or renames it if it exists. When its inactivity timers change, each of its open and closed
    /// conversations is told (<see cref="IConversationGrain.InactivityChanged"/>) before the call returns.
    /// </summary>
    /// <param name="name">The surface's display name.</param>
    /// <param name="type">The surface's type, the kind of channel (for example <c>email</c>).</param>
    /// <param name="timers">The inactivity timers it sets; those it does not name stay as they are.</param>
    /// <param name="email">
    /// Its email settings, passwords in clear (encrypted here before they are stored); null removes them. The surface's
    /// <see cref="Email.IEmailSurfaceGrain"/> is told before the call returns.
    /// </param>
    /// <returns>
    /// The surface as stored: its creation time kept when it existed, its update time now. When the write fails the
    /// call throws and the stored surface is unchanged.
    /// </returns>
    [Alias("Put")]
    Task<Surface> Put(string name, string type, InactivityTimersPatch timers, Email.EmailSettingsChange? email);
}
