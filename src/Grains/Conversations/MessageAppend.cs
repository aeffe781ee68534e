namespace Runtype.Grains.Conversations;

/// <summary>What accepting one message changes: the message itself, and the conversation after it.</summary>
internal sealed record MessageAppend(Message Message, Conversation Updated, bool Reopens)
{
    public static MessageAppend Plan(Conversation current, NewMessage message, DateTime createdAt)
    {
        // Posting to a closed conversation reopens it. The reopening is an event of its own (conversation.updated
        // after message.created), and every event is one version, so such a post moves the version by two.
        var reopens = current.Fields.Status == ConversationStatus.Closed;
        var stored = new Message
        {
            Id = message.Id ?? Identifiers.NewMessageId(),
            ConversationId = current.Id,
            Position = current.MessageCount + 1,
            Role = message.Role,
            Direction = message.Direction ?? DefaultDirection(message.Role),
            Content = message.Content,
            ExternalMessageId = message.ExternalMessageId,
            FlowStepResultId = message.FlowStepResultId,
            Metadata = message.Metadata,
            CreatedAt = createdAt,
            Delivery = DeliveryValues.Stored(message.Delivery),
        };
        var updated = current with
        {
            Fields = reopens ? current.Fields with { Status = ConversationStatus.Open } : current.Fields,
            MessageCount = stored.Position,
            LastMessageAt = createdAt,
            UpdatedAt = createdAt > current.UpdatedAt ? createdAt : current.UpdatedAt,
            Version = current.Version + (reopens ? 2 : 1),
        };
        return new MessageAppend(stored, updated, reopens);
    }

    public static MessageDirection DefaultDirection(MessageRole role) =>
        role == MessageRole.User ? MessageDirection.Inbound : MessageDirection.Outbound;
}
