using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Storage.Tests;

/// <summary>Records the store tests write, built the way the grain builds them.</summary>
internal static class Build
{
    public static readonly DateTime T0 = new(2024, 6, 1, 10, 15, 30, 123, DateTimeKind.Utc);

    public static string Owner() => "owner-" + Guid.NewGuid().ToString("N");

    public static Conversation Conversation(string owner, string? thread = null, string surface = "email", DateTime? at = null, ConversationStatus status = ConversationStatus.Open) => new()
    {
        Id = Identifiers.NewConversationId(),
        Owner = owner,
        Fields = new ConversationFields { SurfaceId = surface, ExternalThreadId = thread, Status = status },
        CreatedAt = at ?? T0,
        UpdatedAt = at ?? T0,
        Version = 1,
    };

    public static (Conversation Updated, Message Message) Next(Conversation current, string content = "hi", string? externalId = null)
    {
        var at = current.UpdatedAt.AddMilliseconds(1);
        var message = new Message
        {
            Id = Identifiers.NewMessageId(),
            ConversationId = current.Id,
            Position = current.MessageCount + 1,
            Role = MessageRole.User,
            Direction = MessageDirection.Inbound,
            Content = content,
            ExternalMessageId = externalId,
            CreatedAt = at,
        };
        var updated = current with { MessageCount = message.Position, LastMessageAt = at, UpdatedAt = at, Version = current.Version + 1 };
        return (updated, message);
    }

    /// <summary>An event of <paramref name="conversation"/> as the grain would record it, at sequence <paramref name="sequence"/>.</summary>
    public static ConversationEvent Event(Conversation conversation, EventType type, long sequence, DateTime? at = null) => new()
    {
        Id = "evt_" + Identifiers.NewUlid(),
        Type = type,
        CreatedAt = at ?? conversation.UpdatedAt,
        Owner = conversation.Owner,
        ConversationId = conversation.Id,
        Sequence = sequence,
        Data = $$"""{"id":"{{conversation.Id}}","text":"Grüße 👋 \"q\"","sequence":{{sequence}}}""",
        PreviousAttributes = type == EventType.ConversationUpdated ? """{"status":"closed"}""" : null,
        TraceParent = sequence % 2 == 0 ? "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" : null,
    };
}
