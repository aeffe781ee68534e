using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Api.Events;

/// <summary>A validated read of the feed or the stream: where to start, the filters, and the scope its cursors are signed under.</summary>
public sealed record EventRequest(string Owner, EventCursor? After, int Limit, string? ConversationId, IReadOnlyList<EventType>? Types, CursorScope Scope)
{
    public const string LastEventIdHeader = "Last-Event-ID";
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public EventPosition Start => After?.Position ?? EventPosition.Start;

    public EventQuery Query(EventPosition after, int limit) => new(after, limit, ConversationId, Types);

    /// <summary>Whether the stream, which reads every event of the owner, sends <paramref name="e"/> to this client.</summary>
    public bool Matches(ConversationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (ConversationId is null || e.ConversationId == ConversationId) && (Types is null || Types.Contains(e.Type));
    }

    /// <summary>
    /// Reads the query (and, for the stream, <c>Last-Event-ID</c>, which wins over <c>after</c>: a browser
    /// reconnecting keeps the URL it first used). Every bad field is named in one 400; a good cursor whose events
    /// retention may have deleted is a 410.
    /// </summary>
    public static EventRequest? TryRead(HttpRequest http, string owner, EventServices services, bool stream, out ValidationProblem? invalid, out ProblemHttpResult? gone)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(services);
        (invalid, gone) = (null, null);
        var query = new QueryReader(http.Query);
        var limit = stream ? MaxLimit : query.Number("limit", 1, MaxLimit, DefaultLimit);
        var conversationId = query.Text(TextFields.ConversationIdFilter);
        if (conversationId is not null && !Identifiers.IsConversationId(conversationId))
        {
            query.Fail("conversationId", "Must be a conversation id (conv_ followed by 26 characters).");
            conversationId = null;
        }

        var (types, typesKey) = ReadTypes(query);
        var (cursorField, cursorText) = ("after", query.Text(TextFields.EventsAfter));
        if (stream && http.Headers.TryGetValue(LastEventIdHeader, out var lastEventId) && lastEventId.ToString() is { Length: > 0 } header)
        {
            (cursorField, cursorText) = (LastEventIdHeader, header);
        }

        var scope = EventCursor.ScopeFor(owner, conversationId, typesKey);
        EventCursor? after = null;
        if (cursorText is not null && query.IsValid && !EventCursor.TryRead(services.Cursors, scope, cursorText, out after))
        {
            query.Fail(cursorField, "Not a cursor of this feed (altered, another owner's, or issued for other conversationId or types).");
        }

        if (!query.IsValid)
        {
            invalid = ApiProblems.Validation(query.Errors);
            return null;
        }

        if (after is not null && services.Retention.HasExpired(after.CreatedAt, services.Time.GetUtcNow()))
        {
            gone = Gone(services.Retention);
            return null;
        }

        return new EventRequest(owner, after, limit, conversationId, types, scope);
    }

    private static ProblemHttpResult Gone(CursorExpiry retention) => ApiProblems.Problem(StatusCodes.Status410Gone, "Gone",
        $"The cursor is older than the {retention.Period.TotalDays:0.##}-day event retention; events after it may have been deleted. Start again without a cursor.");

    /// <summary>The listed types and, for the cursor scope, one spelling of the set (sorted, without repeats).</summary>
    private static (IReadOnlyList<EventType>? Types, string? Key) ReadTypes(QueryReader query)
    {
        if (query.Text(TextFields.EventTypes) is not { } text)
        {
            return (null, null);
        }

        var names = text.Split(',');
        var unknown = names.Where(n => !EventTypes.ByName.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            query.Fail("types", $"Unknown event type(s): {string.Join(", ", unknown.Select(n => $"'{n}'"))}; must be a comma-separated list of: {string.Join(", ", EventTypes.ByName.Keys)}.");
            return (null, null);
        }

        var distinct = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ([.. distinct.Select(n => EventTypes.ByName[n])], string.Join(',', distinct));
    }
}
