using Runtype.Grains.Search;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Sql;

public sealed partial class SqlConversationStore : IMessageSearch
{
    public async Task<SearchMatches> SearchAsync(string owner, MessageSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await SearchUnavailableAsync() is { } why)
        {
            return SearchMatches.Cannot(why);
        }

        var matches = await _searches.RunAsync(async connection =>
            await SqlRows.ReadAllAsync(connection, _statements.SearchMessages(owner, query, query.Limit + 1), SqlRows.SearchMatch));
        return new SearchMatches(matches);
    }

    /// <summary>
    /// Why this database cannot search (SQL Server without Full-Text Search), or null; asked of the engine once, at
    /// start-up (<see cref="SqlDialect.PrepareSearchAsync"/>) or at the first search, whichever comes first. A failure
    /// to ask is not remembered: the next search asks again.
    /// </summary>
    public async Task<string?> SearchUnavailableAsync()
    {
        if (_searchReadiness is { IsCompletedSuccessfully: true } ready)
        {
            return ready.Result;
        }

        var asking = _searchReadiness is { IsCompleted: false } pending ? pending : _searchReadiness = _runner.RunAsync(_dialect.PrepareSearchAsync);
        return await asking;
    }
}
