using Orleans.Concurrency;
using Runtype.Grains.Search;
using Runtype.Grains.Storage;

namespace Runtype.Grains;

/// <summary>Answers listings and searches from the query side of the store on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class ConversationCatalogGrain(IConversationIndex index, IMessageSearch search) : Grain, IConversationCatalogGrain
{
    Task<ConversationListPage> IConversationCatalogGrain.List(string owner, ConversationListQuery query) =>
        index.QueryAsync(owner, query);

    async Task<MessageSearchPage> IConversationCatalogGrain.Search(string owner, MessageSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = await search.SearchAsync(owner, query);
        if (found.Unavailable is { } why)
        {
            return new MessageSearchPage([], false, why);
        }

        var marked = SearchTerms.Wanted(query.Expression);
        var hits = found.Matches.Take(query.Limit)
            .Select(m => new MessageSearchHit(m.Message, m.Conversation, Highlighter.Highlight(m.Message.Content, marked)))
            .ToList();
        return new MessageSearchPage(hits, found.Matches.Count > query.Limit);
    }
}
