namespace Runtype.Client;

/// <summary>A page of the conversation list; follow <see cref="Pagination.NextCursor"/> for the next one.</summary>
public sealed record ConversationPage(IReadOnlyList<ConversationSummary> Data, Pagination Pagination);
