using System.Text.Json;
using Runtype.Grains.Events;
using Runtype.Grains.Wire;

namespace Runtype.Api.Events;

/// <summary>
/// The last <c>capacity</c> events of one owner (and no more than <c>maxBytes</c> of their data), in feed order,
/// shared by that owner's streams on this node. It covers the positions after <c>floor</c> up to <c>head</c>; a stream
/// whose position falls below the floor has lost events it did not take, and is cancelled at once (even while blocked
/// writing to a client that does not read), so memory stays bounded by the capacity whatever the clients do.
/// </summary>
public sealed class EventRing(int capacity, long maxBytes = long.MaxValue)
{
    private readonly Lock _gate = new();
    private readonly StoredEvent[] _items = new StoredEvent[capacity];
    private long _bytes;
    private readonly HashSet<RingReader> _readers = [];
    private int _first;
    private int _count;
    private EventPosition _floor;
    private EventPosition _head;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>False until a stream that caught up from the feed gives the ring its starting position.</summary>
    public bool IsSeeded { get; private set; }

    public EventPosition Head
    {
        get
        {
            lock (_gate)
            {
                return _head;
            }
        }
    }

    /// <summary>Completes at the next append; take it before reading, so nothing appended after the read is missed.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="reader"/> after <paramref name="position"/>, where it has read the feed to. False
    /// when the ring has already dropped events after that position (the stream reads on from the feed). The
    /// first stream to join an empty ring seeds it; <paramref name="seeded"/> tells the tail to start reading.
    /// </summary>
    public bool TryJoin(RingReader reader, EventPosition position, out bool seeded)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lock (_gate)
        {
            seeded = !IsSeeded;
            if (seeded)
            {
                (_floor, _head, IsSeeded) = (position, position, true);
            }

            if (position < _floor)
            {
                return false;
            }

            reader.Position = position;
            _readers.Add(reader);
            return true;
        }
    }

    public void Leave(RingReader reader)
    {
        lock (_gate)
        {
            _readers.Remove(reader);
        }
    }

    /// <summary>Copies up to <paramref name="max"/> events after the reader's position into <paramref name="into"/>; false when it fell out.</summary>
    public bool TryTake(RingReader reader, int max, List<StoredEvent> into)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(into);
        lock (_gate)
        {
            if (reader.Position < _floor)
            {
                return false;
            }

            for (var i = FirstAfter(reader.Position); i < _count && into.Count < max; i++)
            {
                into.Add(At(i));
            }

            if (into.Count > 0)
            {
                reader.Position = into[^1].Position;
            }

            return true;
        }
    }

    /// <summary>Adds events read from the feed after <see cref="Head"/>, dropping the oldest beyond capacity.</summary>
    public void Append(IReadOnlyList<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        List<RingReader>? overrun = null;
        TaskCompletionSource changed;
        lock (_gate)
        {
            var head = _head;
            foreach (var e in events)
            {
                if (e.Position <= _head)
                {
                    continue;
                }

                var size = EventQuery.SizeOf(e.Event);
                while (_count > 0 && (_count == _items.Length || _bytes + size > maxBytes))
                {
                    _floor = _items[_first].Position;
                    _bytes -= EventQuery.SizeOf(_items[_first].Event);
                    _items[_first] = default!;
                    _first = (_first + 1) % _items.Length;
                    _count--;
                }

                _items[(_first + _count) % _items.Length] = e;
                _bytes += size;
                _count++;
                _head = e.Position;
                if (e.Event.Type == EventType.MessageRedacted)
                {
                    ScrubEarlierCopies(e.Event);
                }
            }

            if (_head == head)
            {
                return;
            }

            foreach (var reader in _readers)
            {
                if (reader.Position < _floor)
                {
                    (overrun ??= []).Add(reader);
                }
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        foreach (var reader in overrun ?? [])
        {
            try
            {
                reader.Overrun.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stream ended between the check and now; nothing to stop.
            }
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// The store rewrote the redacted message's earlier events; the copies this ring read before must not outlive
    /// that: each <c>message.created</c> of the message gets the redacted message as data, as in the store.
    /// </summary>
    private void ScrubEarlierCopies(ConversationEvent redaction)
    {
        string messageId;
        using (var data = JsonDocument.Parse(redaction.Data))
        {
            messageId = data.RootElement.GetProperty("id").GetString()!;
        }

        var prefix = MessageJson.Prefix(messageId);
        for (var i = 0; i < _count; i++)
        {
            var index = (_first + i) % _items.Length;
            var e = _items[index].Event;
            if (e.Creates(redaction.ConversationId, prefix))
            {
                _items[index] = _items[index] with { Event = e with { Data = redaction.Data } };
                _bytes += EventQuery.SizeOf(_items[index].Event) - EventQuery.SizeOf(e);
            }
        }
    }

    private StoredEvent At(int index) => _items[(_first + index) % _items.Length];

    private int FirstAfter(EventPosition position)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (At(mid).Position <= position)
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
