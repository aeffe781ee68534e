namespace Runtype.Grains.Events;

/// <summary>
/// Reads an owner's event feed from the log, without activating conversation grains.
/// A stateless worker: call it with key 0.
/// </summary>
[Alias("Runtype.IEventFeedGrain")]
public interface IEventFeedGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Up to <see cref="EventQuery.Limit"/> of <paramref name="owner"/>'s events after <see cref="EventQuery.After"/>,
    /// oldest first. Only events whose transactions committed, and never one while an event with a smaller position
    /// may still commit, so continuing from <see cref="EventPage.Next"/> misses and repeats nothing.
    /// </summary>
    /// <param name="owner">Whose events; no other owner's are ever returned.</param>
    /// <param name="query">Where to start, how many, and the optional conversation and type filters.</param>
    [Alias("Read")]
    Task<EventPage> Read(string owner, EventQuery query);
}
