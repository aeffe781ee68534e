namespace Runtype.Client;

/// <summary>
/// A page of a conversation's messages; <see cref="TotalCount"/> counts the whole conversation and
/// <see cref="NextCursor"/> is null on the last page.
/// </summary>
public sealed record MessagePage(IReadOnlyList<Message> Data, long TotalCount, string? NextCursor);
