using Runtype.Api.Cluster;
using Runtype.Grains.Events;

namespace Runtype.Api.Events;

/// <summary>The grains the event read paths reach.</summary>
public static class EventGrains
{
    /// <summary>A stateless worker, so the one key spreads over activations on every silo.</summary>
    public static IEventFeedGrain EventFeed(this GrainReferences grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<IEventFeedGrain>(0);
    }

    public static IOwnerEventsGrain OwnerEvents(this GrainReferences grains, string owner)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<IOwnerEventsGrain>(owner);
    }
}
