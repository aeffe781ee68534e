using Orleans.Concurrency;
using Runtype.Grains.Storage;

namespace Runtype.Grains;

/// <summary>Answers listings from the query index on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class ConversationCatalogGrain(IConversationIndex index) : Grain, IConversationCatalogGrain
{
    Task<ConversationListPage> IConversationCatalogGrain.List(string owner, ConversationListQuery query) =>
        index.QueryAsync(owner, query);
}
