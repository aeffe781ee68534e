namespace Runtype.Grains;

/// <summary>Exact-match filters for listing conversations; null means "any".</summary>
[GenerateSerializer, Immutable, Alias("Runtype.ConversationFilter")]
public sealed record ConversationFilter(
    [property: Id(0)] string? SurfaceId = null,
    [property: Id(1)] ConversationStatus? Status = null,
    [property: Id(2)] string? ExternalThreadId = null,
    [property: Id(3)] string? ParticipantEmail = null);

/// <summary>A place in the listing order (<c>updatedAt</c> desc, then <c>id</c> desc).</summary>
[GenerateSerializer, Immutable, Alias("Runtype.ConversationSortKey")]
public readonly record struct ConversationSortKey([property: Id(0)] DateTime UpdatedAt, [property: Id(1)] string Id) : IComparable<ConversationSortKey>
{
    /// <summary>Negative when this key comes first in listing order (newer first).</summary>
    public int CompareTo(ConversationSortKey other)
    {
        var byTime = other.UpdatedAt.CompareTo(UpdatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(other.Id, Id);
    }

    public static ConversationSortKey Of(Conversation conversation) => new(conversation.UpdatedAt, conversation.Id);

    public static bool operator <(ConversationSortKey left, ConversationSortKey right) => left.CompareTo(right) < 0;

    public static bool operator >(ConversationSortKey left, ConversationSortKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(ConversationSortKey left, ConversationSortKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ConversationSortKey left, ConversationSortKey right) => left.CompareTo(right) >= 0;
}

/// <summary>
/// One page of conversations: the first page when <see cref="Key"/> is null, otherwise the page just
/// after (or, with <see cref="Backward"/>, just before) that key.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.ConversationListQuery")]
public sealed record ConversationListQuery(
    [property: Id(0)] ConversationFilter Filter,
    [property: Id(1)] int Limit,
    [property: Id(2)] ConversationSortKey? Key = null,
    [property: Id(3)] bool Backward = false);

/// <summary>A page in listing order, with whether more rows lie before and after it and the filter's total.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.ConversationListPage")]
public sealed record ConversationListPage(
    [property: Id(0)] IReadOnlyList<Conversation> Items,
    [property: Id(1)] long TotalCount,
    [property: Id(2)] bool HasMoreBefore,
    [property: Id(3)] bool HasMoreAfter);
