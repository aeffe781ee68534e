namespace Runtype.Grains.Events;

/// <summary>
/// A page of the feed. <see cref="Next"/> is where the next read starts. <see cref="More"/>: the page stopped short
/// (full by count, or by size) and <see cref="Next"/> is its last event's position: read on at once. Otherwise the read
/// examined every event visible to it, and <see cref="Next"/> is past all of them (docs/events.md, "What a read costs").
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.EventPage")]
public sealed record EventPage(
    [property: Id(0)] IReadOnlyList<StoredEvent> Items,
    [property: Id(1)] EventPosition Next,
    [property: Id(2)] bool More = false);
