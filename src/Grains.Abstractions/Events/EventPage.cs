namespace Runtype.Grains.Events;

/// <summary>
/// A page of the feed. <see cref="Next"/> is where the next read starts: the last returned event's position, or the
/// query's own start when nothing new is visible yet.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.EventPage")]
public sealed record EventPage([property: Id(0)] IReadOnlyList<StoredEvent> Items, [property: Id(1)] EventPosition Next);
