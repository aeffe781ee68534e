using Runtype.Grains;

namespace Runtype.Api.Validation;

/// <summary>The wire names of the domain enums: lowercase, matched exactly.</summary>
public static class EnumNames
{
    public static IReadOnlyDictionary<string, ConversationStatus> Statuses { get; } = new Dictionary<string, ConversationStatus>(StringComparer.Ordinal)
    {
        ["open"] = ConversationStatus.Open,
        ["closed"] = ConversationStatus.Closed,
        ["archived"] = ConversationStatus.Archived,
    };

    public static IReadOnlyDictionary<string, MessageRole> Roles { get; } = new Dictionary<string, MessageRole>(StringComparer.Ordinal)
    {
        ["user"] = MessageRole.User,
        ["assistant"] = MessageRole.Assistant,
        ["system"] = MessageRole.System,
    };

    public static IReadOnlyDictionary<string, MessageDirection> Directions { get; } = new Dictionary<string, MessageDirection>(StringComparer.Ordinal)
    {
        ["inbound"] = MessageDirection.Inbound,
        ["outbound"] = MessageDirection.Outbound,
    };

    public static string Name(ConversationStatus status) => status switch
    {
        ConversationStatus.Open => "open",
        ConversationStatus.Closed => "closed",
        _ => "archived",
    };

    public static string Name(MessageRole role) => role switch
    {
        MessageRole.User => "user",
        MessageRole.Assistant => "assistant",
        _ => "system",
    };

    public static string Name(MessageDirection direction) => direction == MessageDirection.Inbound ? "inbound" : "outbound";
}
