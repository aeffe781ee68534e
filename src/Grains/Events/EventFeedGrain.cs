using Orleans.Concurrency;
using Runtype.Grains.Storage;

namespace Runtype.Grains.Events;

/// <summary>Answers feed reads from the event log on whichever silo the call lands; no conversation grain is activated.</summary>
[StatelessWorker]
public sealed class EventFeedGrain(IEventLog log) : Grain, IEventFeedGrain
{
    Task<EventPage> IEventFeedGrain.Read(string owner, EventQuery query) => log.ReadAsync(owner, query);
}
