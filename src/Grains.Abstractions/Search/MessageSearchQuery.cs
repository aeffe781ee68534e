namespace Runtype.Grains.Search;

/// <summary>The filters of a message search, all optional (null: any), combined with AND.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageSearchFilter")]
public sealed record MessageSearchFilter
{
    [Id(0)] public string? ConversationId { get; init; }
    [Id(1)] public string? SurfaceId { get; init; }

    /// <summary>The status of the message's conversation.</summary>
    [Id(2)] public ConversationStatus? Status { get; init; }
    [Id(3)] public MessageRole? Role { get; init; }
    [Id(4)] public MessageDirection? Direction { get; init; }

    /// <summary>Only messages created strictly after this instant.</summary>
    [Id(5)] public DateTime? CreatedAfter { get; init; }

    /// <summary>Only messages created strictly before this instant.</summary>
    [Id(6)] public DateTime? CreatedBefore { get; init; }

    /// <summary>The conversation's participant e-mail, exactly.</summary>
    [Id(7)] public string? ParticipantEmail { get; init; }
}

/// <summary>A place in the search order (<c>createdAt</c> desc, then <c>id</c> desc): the last message of the page before.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageSearchKey")]
public readonly record struct MessageSearchKey([property: Id(0)] DateTime CreatedAt, [property: Id(1)] string Id) : IComparable<MessageSearchKey>
{
    public static MessageSearchKey Of(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message.CreatedAt, message.Id);
    }

    /// <summary>Negative when this key comes first in search order (newer, or as new with a greater id).</summary>
    public int CompareTo(MessageSearchKey other)
    {
        var byTime = other.CreatedAt.CompareTo(CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(other.Id, Id);
    }

    /// <summary>Whether <paramref name="message"/> comes after this key in the search order (is older, or as old with a smaller id).</summary>
    public bool Precedes(Message message) => CompareTo(Of(message)) < 0;

    public static bool operator <(MessageSearchKey left, MessageSearchKey right) => left.CompareTo(right) < 0;

    public static bool operator >(MessageSearchKey left, MessageSearchKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(MessageSearchKey left, MessageSearchKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(MessageSearchKey left, MessageSearchKey right) => left.CompareTo(right) >= 0;
}

/// <summary>One page of a message search: up to <see cref="Limit"/> matches after <see cref="After"/> (the first page when null).</summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageSearchQuery")]
public sealed record MessageSearchQuery(
    [property: Id(0)] SearchExpression Expression,
    [property: Id(1)] MessageSearchFilter Filter,
    [property: Id(2)] int Limit,
    [property: Id(3)] MessageSearchKey? After = null);

/// <summary>What a search answers of a matching message's conversation.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.SearchedConversation")]
public sealed record SearchedConversation(
    [property: Id(0)] string Id,
    [property: Id(1)] string SurfaceId,
    [property: Id(2)] ConversationStatus Status,
    [property: Id(3)] string? Subject,
    [property: Id(4)] string? ParticipantName,
    [property: Id(5)] string? ParticipantEmail)
{
    public static SearchedConversation Of(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var f = conversation.Fields;
        return new(conversation.Id, f.SurfaceId, f.Status, f.Subject, f.ParticipantName, f.ParticipantEmail);
    }
}

/// <summary>A matching message, its conversation, and a fragment of its content with the matched words marked (safe as HTML).</summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageSearchHit")]
public sealed record MessageSearchHit(
    [property: Id(0)] Message Message,
    [property: Id(1)] SearchedConversation Conversation,
    [property: Id(2)] string Highlight);

/// <summary>
/// A page of matches, newest first, with whether more follow; or, where the engine cannot search (SQL Server without
/// Full-Text Search), no page and <see cref="Unavailable"/> saying what to install.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.MessageSearchPage")]
public sealed record MessageSearchPage(
    [property: Id(0)] IReadOnlyList<MessageSearchHit> Items,
    [property: Id(1)] bool HasMore,
    [property: Id(2)] string? Unavailable = null);
