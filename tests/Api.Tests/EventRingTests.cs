using Runtype.Api.Events;
using Runtype.Grains.Events;

namespace Runtype.Api.Tests;

/// <summary>
/// The ring of an owner's recent events is bounded by what its events hold, not only by their count: a few large
/// events push the oldest out (and a stream still behind them is told it fell out), so a node's memory per owner does
/// not grow with the size of messages.
/// </summary>
public sealed class EventRingTests
{
    [Fact]
    public void Large_events_push_the_oldest_out_of_the_ring_by_size_and_a_reader_behind_them_is_overrun()
    {
        var ring = new EventRing(capacity: 1000, maxBytes: 20_000);
        using var slow = new RingReader();
        using var reader = new RingReader();
        Assert.True(ring.TryJoin(slow, EventPosition.Start, out _));
        Assert.True(ring.TryJoin(reader, EventPosition.Start, out _));

        // Each event holds 6,000 bytes (3,000 UTF-16 characters): three fit, the fourth pushes the first out.
        ring.Append([.. Enumerable.Range(1, 3).Select(p => Event(p))]);
        var first = new List<StoredEvent>();
        Assert.True(ring.TryTake(reader, 10, first));
        ring.Append([Event(4)]);

        var rest = new List<StoredEvent>();
        Assert.True(ring.TryTake(reader, 10, rest));
        Assert.Equal([1L, 2, 3], first.Select(e => e.Position.Major));
        Assert.Equal([4L], rest.Select(e => e.Position.Major));
        Assert.True(slow.Overrun.IsCancellationRequested, "a reader behind the dropped event must be told");
        Assert.False(ring.TryTake(slow, 10, []));

        // One event larger than the whole bound is still kept, alone.
        ring.Append([Event(5, characters: 50_000)]);
        var large = new List<StoredEvent>();
        Assert.True(ring.TryTake(reader, 10, large));
        Assert.Equal([5L], large.Select(e => e.Position.Major));
    }

    private static StoredEvent Event(int position) => Event(position, 3000);

    private static StoredEvent Event(int position, int characters) => new(
        new EventPosition(position, 0),
        new ConversationEvent
        {
            Id = $"evt_{position}", Type = EventType.ConversationUpdated, CreatedAt = DateTime.UtcNow, Owner = "owner-a",
            ConversationId = "conv_01ARZ3NDEKTSV4RRFFQ69G5FAV", Sequence = position, Data = new string('x', characters),
        });
}
