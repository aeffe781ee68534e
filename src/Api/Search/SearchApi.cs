using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Auth;
using Runtype.Api.Cluster;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Search;
using Runtype.Grains.Wire;

namespace Runtype.Api.Search;

public static class SearchApi
{
    internal const int DefaultLimit = 20;
    internal const int MaxLimit = 100;
    internal const int InstantLength = 64;
    internal static readonly TextField Query = new("q", 1, 500);

    public static RouteGroupBuilder MapSearchApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/search").WithTags("Search");

        api.MapGet("/messages", SearchMessages).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .WithName("SearchMessages").WithSummary("Search messages")
            .WithDescription("The owner's messages whose content matches q (words, \"quoted phrases\", -excluded words, OR between words; "
                + "case, accents and English word forms ignored), newest first (createdAt, then id, descending), with the conversation "
                + "and a highlighted fragment, filtered by conversationId, surfaceId, status, role, direction, createdAfter, createdBefore "
                + "and participantEmail. Redacted messages and deleted conversations are never found. 501 where the database cannot search "
                + "(SQL Server without Full-Text Search).")
            .AddOpenApiOperationTransformer(SearchOpenApi.DocumentQuery);

        return api;
    }

    public static async Task<Results<SearchResult, ValidationProblem, ProblemHttpResult>> SearchMessages(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] SearchServices services)
    {
        var query = new QueryReader(request.Query);
        SearchExpression? expression = null;
        if (query.Text(Query) is { } q)
        {
            expression = SearchQueryParser.Parse(q, out var problem);
            if (problem is not null)
            {
                query.Fail(Query.Name, problem);
            }
        }
        else if (!request.Query.ContainsKey(Query.Name))
        {
            query.Fail(Query.Name, "Is required.");
        }

        var filter = new MessageSearchFilter
        {
            ConversationId = query.Text(TextFields.ConversationIdFilter),
            SurfaceId = query.Text(TextFields.SurfaceId),
            Status = query.Enum("status", EnumNames.Statuses),
            Role = query.Enum("role", EnumNames.Roles),
            Direction = query.Enum("direction", EnumNames.Directions),
            CreatedAfter = Instant(query, "createdAfter"),
            CreatedBefore = Instant(query, "createdBefore"),
            ParticipantEmail = query.Text(TextFields.ParticipantEmail),
        };
        var limit = query.Number("limit", 1, MaxLimit, DefaultLimit);
        var owner = user.Owner();
        var scope = Scope(owner, request.Query[Query.Name], filter);
        MessageSearchKey? after = null;
        if (query.Text(TextFields.Cursor) is { } cursor && !SearchCursor.TryRead(services.Cursors, scope, cursor, out after))
        {
            query.Fail("cursor", "Not a cursor this search issued (altered, or issued for another query or filters).");
        }

        if (!query.IsValid || expression is null)
        {
            return ApiProblems.Validation(query.Errors);
        }

        var page = await services.Grains.ConversationCatalog().Search(owner, new MessageSearchQuery(expression, filter, limit, after));
        if (page.Unavailable is { } why)
        {
            return ApiProblems.Problem(StatusCodes.Status501NotImplemented, "Search is not available", why);
        }

        var next = page.HasMore
            ? SearchCursor.Write(services.Cursors, scope, MessageSearchKey.Of(page.Items[^1].Message))
            : null;
        return new SearchResult(page, next);
    }

    private static DateTime? Instant(QueryReader query, string name)
    {
        var field = new TextField(name, 1, InstantLength);
        if (query.Text(field) is not { } text)
        {
            return null;
        }

        if (Timestamps.TryParseRfc3339(text, out var value))
        {
            return value;
        }

        query.Fail(name, "Must be an RFC 3339 date-time with a time zone, e.g. 2024-05-01T09:30:00.000Z.");
        return null;
    }

    // The cursor is bound to the owner, the query as sent and every filter as read.
    private static CursorScope Scope(string owner, string? q, MessageSearchFilter filter) =>
        CursorScope.For("search/messages").With("owner", owner).With("q", q)
            .With("conversationId", filter.ConversationId).With("surfaceId", filter.SurfaceId)
            .With("status", filter.Status is { } status ? EnumNames.Name(status) : null)
            .With("role", filter.Role is { } role ? EnumNames.Name(role) : null)
            .With("direction", filter.Direction is { } direction ? EnumNames.Name(direction) : null)
            .With("createdAfter", Timestamps.Format(filter.CreatedAfter)).With("createdBefore", Timestamps.Format(filter.CreatedBefore))
            .With("participantEmail", filter.ParticipantEmail);
}

/// <summary>What the search handler uses from the container, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record SearchServices(GrainReferences Grains, CursorCodec Cursors);
