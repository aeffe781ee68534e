namespace Runtype.Grains;

/// <summary>
/// Lists an owner's conversations from the query index, without activating conversation grains.
/// A stateless worker: call it with key 0.
/// </summary>
[Alias("Runtype.IConversationCatalogGrain")]
public interface IConversationCatalogGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<ConversationListPage> List(string owner, ConversationListQuery query);
}
