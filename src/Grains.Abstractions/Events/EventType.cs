namespace Runtype.Grains.Events;

/// <summary>What an event records. Wire names (<c>message.created</c>, ...) live in <see cref="EventTypes"/>.</summary>
public enum EventType
{
    ConversationCreated = 1,
    ConversationUpdated = 2,
    ConversationDeleted = 3,
    MessageCreated = 4,
    MessageRedacted = 5,
    MessagesImported = 6,
    MessageDeliveryUpdated = 7,
}
