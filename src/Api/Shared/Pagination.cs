namespace Runtype.Api.Shared;

/// <summary>The pagination block of a listing response; <see cref="PageWindow.Describe"/> fills it in.</summary>
public sealed record Pagination(
    int Limit, bool HasMore, bool HasPrev, string? NextCursor, string? PrevCursor,
    long CurrentOffset, long CurrentPage, long TotalCount, long TotalPages);
