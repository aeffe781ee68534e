using Microsoft.Extensions.Logging;

namespace Runtype.Grains.Events;

/// <summary>
/// Tells the owner's <see cref="IOwnerEventsGrain"/> that a write's events committed. One-way and guarded: the
/// wake-up only saves stream readers a poll interval, so it must never fail or delay the write's answer.
/// </summary>
internal static class OwnerWakeUp
{
    public static void Send(IGrainFactory grains, string owner, ILogger logger)
    {
        try
        {
            grains.GetGrain<IOwnerEventsGrain>(owner).Committed().Ignore();
        }
#pragma warning disable CA1031 // Whatever went wrong, the events are committed and readers poll: the write stands.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Could not wake the event readers of owner {Owner}; they will find the events on their next poll.", owner);
        }
    }
}
