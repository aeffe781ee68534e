namespace Runtype.Client;

/// <summary>Which events the feed returns: after a cursor (from the oldest retained when null), of one conversation, of some types.</summary>
public sealed record EventQuery
{
    /// <summary>A cursor from an earlier page (or the stream); null reads from the oldest retained event.</summary>
    public string? After { get; init; }

    public string? ConversationId { get; init; }

    /// <summary>Event types such as <c>message.created</c>; null or empty for every type.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>1 to 500; the API's default (100) when null.</summary>
    public int? Limit { get; init; }
}
