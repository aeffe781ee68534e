namespace Runtype.Grains.Events;

/// <summary>
/// Up to <see cref="Limit"/> of an owner's events after <see cref="After"/>, oldest first, optionally only one
/// conversation's and only some types (null = all).
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.EventQuery")]
public sealed record EventQuery(
    [property: Id(0)] EventPosition After,
    [property: Id(1)] int Limit,
    [property: Id(2)] string? ConversationId = null,
    [property: Id(3)] IReadOnlyList<EventType>? Types = null);
