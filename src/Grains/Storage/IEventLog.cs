using Runtype.Grains.Events;

namespace Runtype.Grains.Storage;

/// <summary>
/// The read side of the outbox: events are written by <see cref="IConversationStore"/> in the same transaction as
/// their change; this reads them back in feed order and deletes what retention no longer keeps.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// The owner's events after <see cref="EventQuery.After"/>, oldest first. Never returns an event while an event
    /// with a smaller position could still commit: a reader that continues from the last position it saw misses nothing.
    /// </summary>
    Task<EventPage> ReadAsync(string owner, EventQuery query);

    /// <summary>
    /// The position of the owner's newest event a reader can see now, or <see cref="EventPosition.Start"/>. Every
    /// event that becomes visible later has a greater position: reading after it yields exactly the events to come.
    /// </summary>
    Task<EventPosition> LatestAsync(string owner);

    /// <summary>Deletes up to <paramref name="batchSize"/> events created before <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTime olderThan, int batchSize);
}
