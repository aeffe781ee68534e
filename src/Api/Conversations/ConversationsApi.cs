using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Auth;
using Runtype.Api.Cluster;
using Runtype.Api.Idempotency;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Conversations;

public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/conversations").WithTags("Conversations");

        api.MapGet("/", ListConversations).RequireScope(Scopes.Read)
            .WithName("ListConversations").WithSummary("List conversations")
            .WithDescription("Most recently updated first (updatedAt, then id, descending), filtered by surfaceId, status, externalThreadId and participantEmail, with opaque keyset cursors.");
        api.MapPost("/", CreateConversation).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("CreateConversation").WithSummary("Create conversation")
            .WithDescription("Creates a conversation on a surface. A second conversation with the same surfaceId and externalThreadId is a 409 naming the first in conversationId.");
        api.MapGet("/{id}", GetConversation).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("GetConversation").WithSummary("Get conversation")
            .WithDescription("The detailed conversation, with its ETag. Another owner's conversation is a 404.");
        api.MapPut("/{id}", UpdateConversation).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("UpdateConversation").WithSummary("Update conversation")
            .WithDescription("Replaces the fields present, clears nullable fields sent as null, leaves absent fields alone. Honours If-Match.");
        api.MapDelete("/{id}", DeleteConversation).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).WithName("DeleteConversation").WithSummary("Delete conversation")
            .WithDescription("Deletes the conversation and all its messages. Honours If-Match.");

        return api;
    }

    public static async Task<Results<Ok<ConversationList>, ValidationProblem>> ListConversations(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] ConversationServices services)
    {
        var query = new QueryReader(request.Query);
        var limit = query.Number("limit", 1, 100, 50);
        var filter = new ConversationFilter(
            query.Text(TextFields.SurfaceId),
            query.Enum("status", EnumNames.Statuses),
            query.Text(TextFields.ExternalThreadId),
            query.Text(TextFields.ParticipantEmail));
        var owner = user.Owner();
        var scope = CursorScope.For("conversations").With("owner", owner).With("surfaceId", filter.SurfaceId)
            .With("status", filter.Status is { } status ? EnumNames.Name(status) : null)
            .With("externalThreadId", filter.ExternalThreadId).With("participantEmail", filter.ParticipantEmail);
        ConversationCursor? position = null;
        if (query.Text(TextFields.Cursor) is { } cursor && !ConversationCursor.TryRead(services.Cursors, scope, cursor, out position))
        {
            query.Fail("cursor", "Not a cursor this listing issued (altered, or issued for other filters).");
        }

        if (!query.IsValid)
        {
            return ApiProblems.Validation(query.Errors);
        }

        var page = await services.Grains.ConversationCatalog()
            .List(owner, new ConversationListQuery(filter, limit, position?.Key, position?.Backward ?? false));
        var window = PageWindow.Of(limit, position?.Offset, page.Items.Count, page.HasMoreBefore, page.HasMoreAfter);
        var next = window.NextOffset is { } nextOffset
            ? new ConversationCursor(ConversationSortKey.Of(page.Items[^1]), Backward: false, nextOffset).Write(services.Cursors, scope)
            : null;
        var previous = window.PreviousOffset is { } previousOffset
            ? new ConversationCursor(ConversationSortKey.Of(page.Items[0]), Backward: true, previousOffset).Write(services.Cursors, scope)
            : null;
        return TypedResults.Ok(new ConversationList([.. page.Items.Select(ConversationSummary.From)], window.Describe(next, previous, page.TotalCount)));
    }

    public static async Task<Results<Created<ConversationDetails>, RejectedBody, ProblemHttpResult>> CreateConversation(
        CreateConversationRequest body, HttpContext http, ClaimsPrincipal user, [AsParameters] ConversationServices services)
    {
        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var reserved = IdempotencyReservation.Of(http);
        var id = reserved is null ? Identifiers.NewConversationId() : Identifiers.ConversationPrefix + reserved;
        var result = await services.Grains.Conversation(user, id).Create(body.Value);

        // Under a reserved id, an existing conversation is this request's own first attempt, whose answer was lost.
        return result.Outcome == ConversationOutcome.Created || (reserved is not null && result is { Outcome: ConversationOutcome.AlreadyExists, Conversation: not null })
            ? TypedResults.Created($"/v1/messaging/conversations/{id}", Details(http, result))
            : Failure(result);
    }

    public static async Task<Results<Ok<ConversationDetails>, ProblemHttpResult>> GetConversation(
        string id, HttpContext http, ClaimsPrincipal user, [AsParameters] ConversationServices services)
    {
        if (!Identifiers.IsConversationId(id))
        {
            return ApiProblems.NotFound();
        }

        var result = await services.Grains.Conversation(user, id).Get();
        return result.Outcome == ConversationOutcome.Ok ? TypedResults.Ok(Details(http, result)) : Failure(result);
    }

    public static async Task<Results<Ok<ConversationDetails>, RejectedBody, ProblemHttpResult>> UpdateConversation(
        string id, UpdateConversationRequest body, HttpContext http, ClaimsPrincipal user, [AsParameters] ConversationServices services)
    {
        if (!Identifiers.IsConversationId(id))
        {
            return ApiProblems.NotFound();
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var result = await services.Grains.Conversation(user, id).Update(body.Value, EntityTags.AcceptedVersions(http.Request));
        return result.Outcome == ConversationOutcome.Ok ? TypedResults.Ok(Details(http, result)) : Failure(result);
    }

    public static async Task<Results<Ok<DeleteResult>, ProblemHttpResult>> DeleteConversation(
        string id, HttpRequest request, ClaimsPrincipal user, [AsParameters] ConversationServices services)
    {
        if (!Identifiers.IsConversationId(id))
        {
            return ApiProblems.NotFound();
        }

        var result = await services.Grains.Conversation(user, id).Delete(EntityTags.AcceptedVersions(request));
        return result.Outcome == ConversationOutcome.Ok ? TypedResults.Ok(new DeleteResult(true)) : Failure(result);
    }

    private static ConversationDetails Details(HttpContext http, ConversationResult result)
    {
        http.Response.Headers.ETag = EntityTags.For(result.Conversation!.Version);
        return ConversationDetails.From(result.Conversation, result.Surface);
    }

    private static ProblemHttpResult Failure(ConversationResult result) => result.Outcome switch
    {
        ConversationOutcome.NotFound => ApiProblems.NotFound(),
        ConversationOutcome.VersionMismatch => ApiProblems.PreconditionFailed(),
        ConversationOutcome.ThreadTaken => ApiProblems.Conflict(
            "Another conversation on this surface already has this externalThreadId.",
            new Dictionary<string, object?> { ["conversationId"] = result.ConflictingConversationId }),
        ConversationOutcome.AlreadyExists => ApiProblems.Conflict("A conversation with this id already exists."),
        _ => throw new InvalidOperationException($"Unexpected conversation outcome {result.Outcome}."),
    };
}

public sealed record ConversationSummary(
    string Id, string SurfaceId, string Status, string? Subject, string? ParticipantName, string? ParticipantEmail,
    string? ExternalParticipantId, string? ExternalThreadId, string? Timezone, long MessageCount, string? LastMessageAt,
    string CreatedAt, string UpdatedAt)
{
    public static ConversationSummary From(Conversation c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var f = c.Fields;
        return new(c.Id, f.SurfaceId, EnumNames.Name(f.Status), f.Subject, f.ParticipantName, f.ParticipantEmail, f.ExternalParticipantId,
            f.ExternalThreadId, f.Timezone, c.MessageCount, Timestamps.Format(c.LastMessageAt), Timestamps.Format(c.CreatedAt), Timestamps.Format(c.UpdatedAt));
    }
}

public sealed record ConversationDetails(
    string Id, string SurfaceId, string Status, string? Subject, string? ParticipantName, string? ParticipantEmail,
    string? ExternalParticipantId, string? ExternalThreadId, string? Timezone, long MessageCount, string? LastMessageAt,
    string CreatedAt, string UpdatedAt, RawJson Context, RawJson ParticipantMetadata, string? AutoCloseAfter, string? AutoArchiveAfter,
    SurfaceReference? Surface)
{
    public static ConversationDetails From(Conversation c, Surface? surface)
    {
        var s = ConversationSummary.From(c);
        return new(s.Id, s.SurfaceId, s.Status, s.Subject, s.ParticipantName, s.ParticipantEmail, s.ExternalParticipantId,
            s.ExternalThreadId, s.Timezone, s.MessageCount, s.LastMessageAt, s.CreatedAt, s.UpdatedAt,
            c.Fields.Context, c.Fields.ParticipantMetadata, Durations.Format(c.Fields.AutoCloseAfter), Durations.Format(c.Fields.AutoArchiveAfter),
            surface is null ? null : new SurfaceReference(surface.Id, surface.Name, surface.Type));
    }
}

public sealed record SurfaceReference(string Id, string Name, string Type);

public sealed record ConversationList(IReadOnlyList<ConversationSummary> Data, Pagination Pagination);
