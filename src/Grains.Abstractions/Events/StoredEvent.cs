namespace Runtype.Grains.Events;

/// <summary>An event as read back from the log, with its place in the owner's feed.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.StoredEvent")]
public sealed record StoredEvent([property: Id(0)] EventPosition Position, [property: Id(1)] ConversationEvent Event);
