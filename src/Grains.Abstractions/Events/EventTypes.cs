namespace Runtype.Grains.Events;

/// <summary>The wire name of each <see cref="EventType"/>, one definition for the API, the store and webhooks.</summary>
public static class EventTypes
{
    public static IReadOnlyDictionary<string, EventType> ByName { get; } = new Dictionary<string, EventType>(StringComparer.Ordinal)
    {
        ["conversation.created"] = EventType.ConversationCreated,
        ["conversation.updated"] = EventType.ConversationUpdated,
        ["conversation.deleted"] = EventType.ConversationDeleted,
        ["message.created"] = EventType.MessageCreated,
        ["message.redacted"] = EventType.MessageRedacted,
        ["messages.imported"] = EventType.MessagesImported,
        ["message.delivery_updated"] = EventType.MessageDeliveryUpdated,
    };

    public static string Name(EventType type) => type switch
    {
        EventType.ConversationCreated => "conversation.created",
        EventType.ConversationUpdated => "conversation.updated",
        EventType.ConversationDeleted => "conversation.deleted",
        EventType.MessageCreated => "message.created",
        EventType.MessageRedacted => "message.redacted",
        EventType.MessagesImported => "messages.imported",
        EventType.MessageDeliveryUpdated => "message.delivery_updated",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an event type."),
    };
}
