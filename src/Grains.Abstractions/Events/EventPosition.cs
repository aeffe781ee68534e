namespace Runtype.Grains.Events;

/// <summary>
/// Where an event sits in its owner's feed, assigned by the store: (transaction, sequence within the log) on
/// PostgreSQL, (rowversion, 0) on SQL Server, (commit counter, 0) in memory. Positions only ever grow in the
/// order readers may see events; see docs/events.md for why no event can appear behind a position already read.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.EventPosition")]
public readonly record struct EventPosition([property: Id(0)] long Major, [property: Id(1)] long Minor) : IComparable<EventPosition>
{
    /// <summary>Before every event.</summary>
    public static EventPosition Start { get; } = new(0, 0);

    public int CompareTo(EventPosition other)
    {
        var byMajor = Major.CompareTo(other.Major);
        return byMajor != 0 ? byMajor : Minor.CompareTo(other.Minor);
    }

    public static bool operator <(EventPosition left, EventPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(EventPosition left, EventPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(EventPosition left, EventPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(EventPosition left, EventPosition right) => left.CompareTo(right) >= 0;
}
