namespace Runtype.Client;

/// <summary>
/// A page of search hits, newest first; <see cref="NextCursor"/> is null on the last page. There is no total: the API
/// does not count every match.
/// </summary>
public sealed record MessageSearchPage(IReadOnlyList<MessageSearchHit> Data, string? NextCursor);
