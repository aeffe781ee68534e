using Runtype.Grains.Search;

namespace Runtype.Grains.Storage;

/// <summary>
/// The search side of the store: finds an owner's messages by what they say, with the engine's own full-text index.
/// A message is findable once the write that stored it committed; a redacted message or a deleted conversation's
/// messages are not, once that write committed (each engine's index is kept in the write's own transaction, or the
/// statement checks the row; docs/search.md says where an engine cannot promise it).
/// </summary>
public interface IMessageSearch
{
    /// <summary>
    /// Up to <see cref="MessageSearchQuery.Limit"/> + 1 matches after the query's key, newest first (<c>createdAt</c>
    /// desc, then <c>id</c> desc), so the caller can tell whether more follow; none of another owner's.
    /// </summary>
    Task<SearchMatches> SearchAsync(string owner, MessageSearchQuery query);
}

/// <summary>Matching messages with their conversations, or why this store cannot search (then no matches).</summary>
public sealed record SearchMatches(IReadOnlyList<SearchMatch> Matches, string? Unavailable = null)
{
    public static SearchMatches Cannot(string why) => new([], why);
}

/// <summary>One matching message and its conversation.</summary>
public sealed record SearchMatch(Message Message, SearchedConversation Conversation);
