namespace Runtype.Grains.Wire;

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

    public static IReadOnlyDictionary<string, DeliveryStatus> DeliveryStatuses { get; } = new Dictionary<string, DeliveryStatus>(StringComparer.Ordinal)
    {
        ["pending"] = DeliveryStatus.Pending,
        ["sent"] = DeliveryStatus.Sent,
        ["failed"] = DeliveryStatus.Failed,
    };

    public static string Name(ConversationStatus status) => status switch
    {
        ConversationStatus.Open => "open",
        ConversationStatus.Closed => "closed",
        ConversationStatus.Archived => "archived",
        _ => throw Unnamed(nameof(status), status),
    };

    public static string Name(MessageRole role) => role switch
    {
        MessageRole.User => "user",
        MessageRole.Assistant => "assistant",
        MessageRole.System => "system",
        _ => throw Unnamed(nameof(role), role),
    };

    public static string Name(MessageDirection direction) => direction switch
    {
        MessageDirection.Inbound => "inbound",
        MessageDirection.Outbound => "outbound",
        _ => throw Unnamed(nameof(direction), direction),
    };

    public static string Name(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.Failed => "failed",
        _ => throw Unnamed(nameof(status), status),
    };

    // The compiler insists on an arm for values outside the enum (CS8524); reaching it is a bug, not a name.
    private static ArgumentOutOfRangeException Unnamed<T>(string parameter, T value)
        where T : struct, Enum =>
        new(parameter, value, $"Not a named {typeof(T).Name}; it has no wire name.");
}
