namespace Runtype.Grains;

/// <summary>
/// Lists an owner's conversations from the query index, without activating conversation grains.
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
}
