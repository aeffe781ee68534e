namespace Runtype.Client;

/// <summary>Where a page of the conversation list stands: <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Pagination(
    int Limit,
    bool HasMore,
    bool HasPrev,
    string? NextCursor,
    string? PrevCursor,
    long CurrentOffset,
    long CurrentPage,
    long TotalCount,
    long TotalPages);
