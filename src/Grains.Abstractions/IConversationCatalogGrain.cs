using Runtype.Grains.Search;

namespace Runtype.Grains;

/// <summary>
/// Lists an owner's conversations and searches their messages from the query side of the store, without activating
/// conversation grains.
/// A stateless worker: call it with key 0.
/// </summary>
[Alias("Runtype.IConversationCatalogGrain")]
public interface IConversationCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// One page of <paramref name="owner"/>'s conversations in listing order (<c>updatedAt</c> desc, then <c>id</c>
    /// desc), read from the store on whichever silo the call lands. It reflects every committed write; it takes no
    /// part in any conversation grain's ordering, so a write still running may or may not be in it.
    /// </summary>
    /// <param name="owner">The owner whose conversations are listed; no other owner's are ever returned.</param>
    /// <param name="query">The filter, the page size and where the page starts.</param>
    /// <returns>The page, with whether more conversations lie before and after it and the filter's total count.</returns>
    [Alias("List")]
    Task<ConversationListPage> List(string owner, ConversationListQuery query);

    /// <summary>
    /// One page of <paramref name="owner"/>'s messages that match the query, newest first, each with its conversation
    /// and a highlighted fragment, read from the store's full-text index on whichever silo the call lands. Every
    /// message whose write has answered is in it, no redacted message and no deleted conversation's.
    /// </summary>
    [Alias("Search")]
    Task<MessageSearchPage> Search(string owner, MessageSearchQuery query);
}
