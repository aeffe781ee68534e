using Orleans.Concurrency;

namespace Runtype.Grains.Events;

/// <summary>
/// One per owner (key = the owner): tells the API nodes that hold live streams of this owner that new events were
/// committed. It carries no events, only the wake-up; readers always read the log, so a lost wake-up costs latency
/// (readers also poll), never an event.
/// </summary>
[Alias("Runtype.IOwnerEventsGrain")]
public interface IOwnerEventsGrain : IGrainWithStringKey
{
    /// <summary>Called by a conversation grain after a write whose events committed. Fire and forget.</summary>
    [OneWay, Alias("Committed")]
    Task Committed();

    /// <summary>
    /// Adds or refreshes <paramref name="observer"/>. A subscription lapses unless refreshed within a minute, so an
    /// API node that vanished stops being called; subscribers refresh every 20 seconds.
    /// </summary>
    [Alias("Subscribe")]
    Task Subscribe(IEventsObserver observer);

    /// <summary>Removes <paramref name="observer"/>; calling it for an unknown observer does nothing.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(IEventsObserver observer);
}
