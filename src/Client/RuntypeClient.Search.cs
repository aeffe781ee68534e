using System.Globalization;
using System.Runtime.CompilerServices;

namespace Runtype.Client;

public sealed partial class RuntypeClient
{
    /// <summary>
    /// One page of the owner's messages matching <paramref name="query"/> and <paramref name="filter"/>, newest first;
    /// <paramref name="limit"/> is 1 to 100 (the API's 20 when null). The query is 1 to 500 characters of words,
    /// <c>"quoted phrases"</c>, <c>-excluded</c> words and <c>OR</c> between words; one without a word to search for is
    /// a 400 naming <c>q</c>. A <paramref name="cursor"/> is only good for the query and filters of the page that gave
    /// it (else a 400 naming <c>cursor</c>).
    /// </summary>
    public Task<MessageSearchPage> SearchMessagesPageAsync(string query, MessageSearchFilter? filter = null, int? limit = null, string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = Query(ApiRoutes.Path(ApiRoutes.SearchMessages), ("q", query), ("limit", Number(limit)), ("cursor", cursor),
            ("conversationId", filter?.ConversationId), ("surfaceId", filter?.SurfaceId), ("status", filter?.Status), ("role", filter?.Role),
            ("direction", filter?.Direction), ("createdAfter", Instant(filter?.CreatedAfter)), ("createdBefore", Instant(filter?.CreatedBefore)),
            ("participantEmail", filter?.ParticipantEmail));
        return SendAsync<MessageSearchPage>(NewRequest(HttpMethod.Get, path), cancellationToken);
    }

    /// <summary>
    /// Every page of the search (<see cref="SearchMessagesPageAsync"/>), newest match first, following each page's
    /// cursor until the last. Pages rather than hits, so a caller that shows a screenful at a time asks for the next page
    /// only when it goes on. A null <paramref name="query"/> throws here, before anything is sent.
    /// </summary>
    public IAsyncEnumerable<MessageSearchPage> SearchMessagesAsync(string query, MessageSearchFilter? filter = null, int? pageSize = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SearchPagesAsync(query, filter, pageSize, cancellationToken);
    }

    private async IAsyncEnumerable<MessageSearchPage> SearchPagesAsync(string query, MessageSearchFilter? filter, int? pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await SearchMessagesPageAsync(query, filter, pageSize, cursor, cancellationToken).ConfigureAwait(false);
            yield return page;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>RFC 3339 with the caller's offset, as the API reads it ("O" writes seven fraction digits; the API keeps milliseconds).</summary>
    private static string? Instant(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);
}
