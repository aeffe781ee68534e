namespace Runtype.Api.Shared;

/// <summary>
/// Where a page of a keyset listing stands in offset terms. The store pages by key, not by offset, so a cursor
/// carries the offset it stands at and the page works out its neighbours' offsets from it.
/// </summary>
public sealed record PageWindow(int Limit, long Offset, int Count, bool HasMoreBefore, bool HasMoreAfter)
{
    /// <summary>The page the store returned for a request with this limit, reached by a cursor at <paramref name="cursorOffset"/> (null: the first page).</summary>
    public static PageWindow Of(int limit, long? cursorOffset, int count, bool hasMoreBefore, bool hasMoreAfter) =>
        // A backward page that reached the start is the first page, whatever offset the cursor carried.
        new(limit, cursorOffset is { } offset && hasMoreBefore ? offset : 0, count, hasMoreBefore, hasMoreAfter);

    /// <summary>The offset of the page after this one; null when there is none to point to.</summary>
    public long? NextOffset => HasMoreAfter && Count > 0 ? Offset + Count : null;

    /// <summary>The offset of the page before this one; null when there is none to point to.</summary>
    public long? PreviousOffset => HasMoreBefore && Count > 0 ? Math.Max(0, Offset - Limit) : null;

    /// <summary>The response's pagination block, given the cursors minted at <see cref="NextOffset"/> and <see cref="PreviousOffset"/>.</summary>
    public Pagination Describe(string? nextCursor, string? previousCursor, long totalCount) => new(
        Limit, nextCursor is not null, previousCursor is not null, nextCursor, previousCursor, Offset, (Offset / Limit) + 1,
        totalCount, (totalCount + Limit - 1) / Limit);
}
