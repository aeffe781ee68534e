using Orleans.Concurrency;

namespace Runtype.Grains.Events;

/// <summary>An API node's listener for one owner's commits (see <see cref="IOwnerEventsGrain"/>).</summary>
[Alias("Runtype.IEventsObserver")]
public interface IEventsObserver : IGrainObserver
{
    /// <summary>New events of the owner committed; read the log from where you are.</summary>
    [OneWay, Alias("EventsCommitted")]
    Task EventsCommitted();
}
