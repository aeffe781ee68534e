using Runtype.Grains.Events;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Storage;

/// <summary>
/// The memory store's event log. <see cref="InMemoryConversationStore"/> appends under its own lock, in the same
/// step as the change, so an event is visible exactly when its change is; positions are a counter taken at that
/// moment, so they grow in visibility order and no reader can be handed a position past a later-visible event.
/// </summary>
public sealed class InMemoryEventLog : IEventLog
{
    private readonly Lock _gate = new();
    private readonly List<StoredEvent> _events = [];

    // Where each message.created event is, by its id (the message's: Identifiers.CreatedEventId), for redaction.
    private readonly Dictionary<string, EventPosition> _created = new(StringComparer.Ordinal);
    private long _last;

    internal void Append(IReadOnlyList<ConversationEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                var position = new EventPosition(++_last, 0);
                _events.Add(new StoredEvent(position, e));
                if (e.Type == EventType.MessageCreated)
                {
                    _created[e.Id] = position;
                }
            }
        }
    }

    /// <summary>Gives the owner's <c>message.created</c> event of the message <paramref name="messageId"/> the data <paramref name="data"/>.</summary>
    internal void Scrub(string owner, string conversationId, string messageId, string data)
    {
        var prefix = MessageJson.Prefix(messageId);
        lock (_gate)
        {
            if (_created.TryGetValue(Identifiers.CreatedEventId(messageId), out var position))
            {
                var i = FirstAfter(position) - 1;
                if (_events[i].Event is var e && e.Owner == owner && e.Creates(conversationId, prefix))
                {
                    _events[i] = _events[i] with { Event = e with { Data = data } };
                    return;
                }
            }

            // An event a writer gave an id of its own (the stores accept any): found by its data, as the SQL stores' fallback does.
            for (var i = 0; i < _events.Count; i++)
            {
                if (_events[i].Event is var e && e.Owner == owner && e.Creates(conversationId, prefix))
                {
                    _events[i] = _events[i] with { Event = e with { Data = data } };
                }
            }
        }
    }

    public Task<EventPage> ReadAsync(string owner, EventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            // A page that did not stop short examined every event there is: the next read starts past them all, so a
            // filtered reader that is caught up does not scan again what it passed.
            var examined = _events.Count > 0 ? _events[^1].Position : query.After;
            return Task.FromResult(query.Page(Matching(owner, query).Take(query.Limit), examined));
        }
    }

    private IEnumerable<StoredEvent> Matching(string owner, EventQuery query)
    {
        for (var i = FirstAfter(query.After); i < _events.Count; i++)
        {
            var e = _events[i].Event;
            if (e.Owner == owner
                && (query.ConversationId is null || e.ConversationId == query.ConversationId)
                && (query.Types is null || query.Types.Contains(e.Type)))
            {
                yield return _events[i];
            }
        }
    }

    public Task<EventPosition> LatestAsync(string owner)
    {
        lock (_gate)
        {
            for (var i = _events.Count - 1; i >= 0; i--)
            {
                if (_events[i].Event.Owner == owner)
                {
                    return Task.FromResult(_events[i].Position);
                }
            }

            return Task.FromResult(EventPosition.Start);
        }
    }

    public Task<int> PurgeAsync(DateTime olderThan, int batchSize)
    {
        lock (_gate)
        {
            // Creation times follow positions closely but not exactly; only a leading run is removed, so the list stays ordered.
            var count = 0;
            while (count < batchSize && count < _events.Count && _events[count].Event.CreatedAt < olderThan)
            {
                count++;
            }

            foreach (var purged in _events.Take(count).Where(e => e.Event.Type == EventType.MessageCreated))
            {
                _created.Remove(purged.Event.Id);
            }

            _events.RemoveRange(0, count);
            return Task.FromResult(count);
        }
    }

    private int FirstAfter(EventPosition after)
    {
        int low = 0, high = _events.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_events[mid].Position <= after)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
