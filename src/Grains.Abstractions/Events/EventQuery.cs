namespace Runtype.Grains.Events;

/// <summary>
/// Up to <see cref="Limit"/> of an owner's events after <see cref="After"/>, oldest first, optionally only one
/// conversation's and only some types (null = all), and no more than <see cref="MaxBytes"/> of event data (but always
/// at least one event): one <c>message.created</c> can carry half a megabyte, so a count alone bounds nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.EventQuery")]
public sealed record EventQuery(
    [property: Id(0)] EventPosition After,
    [property: Id(1)] int Limit,
    [property: Id(2)] string? ConversationId = null,
    [property: Id(3)] IReadOnlyList<EventType>? Types = null,
    [property: Id(4)] int MaxBytes = EventQuery.DefaultMaxBytes)
{
    /// <summary>The data a page carries at most, counted as it is held in memory (UTF-16): 4 MiB.</summary>
    public const int DefaultMaxBytes = 4 * 1024 * 1024;

    /// <summary>What an event's data and previous attributes take in memory, as a page counts it.</summary>
    public static long SizeOf(ConversationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return 2L * (e.Data.Length + (e.PreviousAttributes?.Length ?? 0));
    }

    /// <summary>
    /// The page a read gives: the events of <paramref name="rows"/> that fit (<see cref="Cut"/>), and where the next read
    /// starts. A page that stopped short continues after its last event; any other examined every event visible to the
    /// read, up to <paramref name="examined"/>, and continues past that (never before <see cref="After"/>).
    /// </summary>
    public EventPage Page(IEnumerable<StoredEvent> rows, EventPosition examined)
    {
        var (items, more) = Cut(rows);
        if (more)
        {
            return new EventPage(items, items[^1].Position, More: true);
        }

        var next = After;
        if (items.Count > 0 && items[^1].Position > next)
        {
            next = items[^1].Position;
        }

        return new EventPage(items, examined > next ? examined : next);
    }

    /// <summary>
    /// The events of <paramref name="rows"/> (in feed order, at most <see cref="Limit"/>) that fit <see cref="MaxBytes"/>,
    /// the first always; and whether the page stopped short (full by count or by size), so the reader reads on at once.
    /// </summary>
    private (List<StoredEvent> Items, bool More) Cut(IEnumerable<StoredEvent> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (items, bytes) = (new List<StoredEvent>(), 0L);
        foreach (var row in rows)
        {
            bytes += SizeOf(row.Event);
            if (items.Count > 0 && bytes > MaxBytes)
            {
                return (items, true);
            }

            items.Add(row);
        }

        return (items, items.Count >= Limit);
    }
}
