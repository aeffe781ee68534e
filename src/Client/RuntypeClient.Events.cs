using System.Runtime.CompilerServices;

namespace Runtype.Client;

public sealed partial class RuntypeClient
{
    /// <summary>One page of the owner's events, oldest first.</summary>
    public Task<EventPage> ListEventsAsync(EventQuery? query = null, CancellationToken cancellationToken = default)
    {
        var types = query?.Types is { Count: > 0 } list ? string.Join(',', list) : null;
        var path = Query(ApiRoutes.Path(ApiRoutes.Events), ("after", query?.After), ("conversationId", query?.ConversationId), ("types", types),
            ("limit", Number(query?.Limit)));
        return SendAsync<EventPage>(NewRequest(HttpMethod.Get, path), cancellationToken);
    }

    /// <summary>
    /// Every event after <see cref="EventQuery.After"/>, page after page, until a page comes back empty (the feed's cursor is
    /// never null). To go on later, read again after the last event's position with <see cref="ListEventsAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<RuntypeEvent> EnumerateEventsAsync(EventQuery? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new EventQuery();
        while (true)
        {
            var page = await ListEventsAsync(query, cancellationToken).ConfigureAwait(false);
            if (page.Data.Count == 0)
            {
                yield break;
            }

            foreach (var item in page.Data)
            {
                yield return item;
            }

            query = query with { After = page.NextCursor };
        }
    }
}
