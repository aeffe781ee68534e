using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Auth;
using Runtype.Api.Cluster;
using Runtype.Api.Idempotency;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Messages;

public static partial class MessagesApi
{
    private static readonly IReadOnlyDictionary<string, bool> Orders = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["asc"] = false,
        ["desc"] = true,
    };

    public static RouteGroupBuilder MapMessagesApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/conversations/{id}/messages").WithTags("Messages");

        api.MapGet("/", ListMessages).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListMessages").WithSummary("List messages")
            .WithDescription("In acceptance order (asc, the default) or its reverse, with totalCount for the whole conversation and a nextCursor.");
        api.MapGet("/{messageId}", GetMessage).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMessage").WithSummary("Get message")
            .WithDescription("One message of the conversation by id. Another conversation's or another owner's message is a 404.");
        api.MapDelete("/{messageId}", RedactMessage).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RedactMessage").WithSummary("Redact message")
            .WithDescription("Erases the message's content and metadata for good (listings, events, streams and idempotent replays no longer have them) and answers the redacted message with redactedAt. Its id, place, role, direction, createdAt and externalMessageId stay. A second redaction answers the same. Works on archived conversations.");
        api.MapPost("/", CreateMessage).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateMessage").WithSummary("Create message")
            .WithDescription("Adds a message. A second post with an externalMessageId already in the conversation creates nothing and answers 200 with the stored message.");
        api.MapPost("/import", ImportMessages).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ImportMessages").WithSummary("Import message history")
            .WithDescription("Appends 1 to 1,000 earlier messages, each keeping its createdAt, as one change and one messages.imported event. "
                + "All or nothing; messages whose externalMessageId the conversation or the batch already holds are skipped. Does not reopen a closed conversation; 409 on archived.");

        return api;
    }

    public static async Task<Results<MessageListResult, ValidationProblem, ProblemHttpResult>> ListMessages(
        string id, HttpRequest request, ClaimsPrincipal user, [AsParameters] MessageServices services)
    {
        var query = new QueryReader(request.Query);
        var limit = query.Number("limit", 1, 100, 100);
        var descending = query.Enum("order", Orders) ?? false;
        var scope = CursorScope.For("messages").With("owner", user.Owner()).With("conversationId", id).With("order", descending ? "desc" : "asc");
        MessageCursor? position = null;
        if (query.Text(TextFields.Cursor) is { } cursor && !MessageCursor.TryRead(services.Cursors, scope, cursor, out position))
        {
            query.Fail("cursor", "Not a cursor this listing issued (altered, or issued for another conversation or order).");
        }

        if (!query.IsValid)
        {
            return ApiProblems.Validation(query.Errors);
        }

        if (!Identifiers.IsConversationId(id))
        {
            return ApiProblems.NotFound();
        }

        var page = await services.Grains.Conversation(user, id).ListMessages(new MessageQuery(limit, descending, position?.After));
        if (!page.Found)
        {
            return ApiProblems.NotFound();
        }

        var next = page.HasMore ? new MessageCursor(page.LastPosition).Write(services.Cursors, scope) : null;
        return new MessageListResult(page, next);
    }

    public static async Task<Results<OkMessage, ProblemHttpResult>> GetMessage(
        string id, string messageId, ClaimsPrincipal user, [AsParameters] MessageServices services)
    {
        if (!Identifiers.IsConversationId(id) || !Identifiers.IsMessageId(messageId))
        {
            return ApiProblems.NotFound("message");
        }

        var message = await services.Grains.Conversation(user, id).GetMessage(messageId);
        return message is null ? ApiProblems.NotFound("message") : new OkMessage(message);
    }

    public static async Task<Results<OkMessage, ProblemHttpResult>> RedactMessage(
        string id, string messageId, ClaimsPrincipal user, [AsParameters] MessageServices services)
    {
        if (!Identifiers.IsConversationId(id) || !Identifiers.IsMessageId(messageId))
        {
            return ApiProblems.NotFound("message");
        }

        var result = await services.Grains.Conversation(user, id).RedactMessage(messageId);
        return result.Outcome is MessageOutcome.Redacted or MessageOutcome.AlreadyRedacted
            ? new OkMessage(result.Message!)
            : ApiProblems.NotFound("message");
    }

    public static async Task<Results<CreatedMessage, OkMessage, RejectedBody, ProblemHttpResult>> CreateMessage(
        string id, CreateMessageRequest body, HttpContext http, ClaimsPrincipal user, [AsParameters] MessageServices services)
    {
        if (!Identifiers.IsConversationId(id))
        {
            return ApiProblems.NotFound();
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var message = body.Value;
        if (IdempotencyReservation.Of(http) is { } reserved)
        {
            message = message with { Id = Identifiers.MessagePrefix + reserved };
        }

        var result = await services.Grains.Conversation(user, id).AddMessage(message);
        if (result.Message is { } answered)
        {
            // An idempotent replay renders the message as it is then, not these bytes (which a redaction must not outlive).
            http.Features.Set(new MessageReference(id, answered.Id));
        }

        return result.Outcome switch
        {
            MessageOutcome.Created or MessageOutcome.CreatedByEarlierAttempt =>
                new CreatedMessage($"/v1/messaging/conversations/{id}/messages/{result.Message!.Id}", result.Message),
            MessageOutcome.Duplicate => new OkMessage(result.Message!),
            MessageOutcome.Archived => ApiProblems.Conflict("The conversation is archived and read-only."),
            _ => ApiProblems.NotFound(),
        };
    }
}

public sealed record MessageResponse(
    string Id, string ConversationId, string Role, string? Direction, string Content, string? ExternalMessageId,
    string? FlowStepResultId, RawJson Metadata, string CreatedAt, string? RedactedAt,
    [property: Description("how the emailing of an outbound message on a surface with SMTP stands; null on every other message")] MessageDeliveryResponse? Delivery)
{
    public static MessageResponse From(Message m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Id, m.ConversationId, EnumNames.Name(m.Role), EnumNames.Name(m.Direction), m.Content, m.ExternalMessageId,
            m.FlowStepResultId, m.Metadata, Timestamps.Format(m.CreatedAt), Timestamps.Format(m.RedactedAt), MessageDeliveryResponse.From(m.Delivery));
    }
}

/// <summary>A message's <see cref="MessageDelivery"/> as answered (<see cref="DeliveryJson"/> writes the same fields).</summary>
public sealed record MessageDeliveryResponse(
    [property: Description("pending, sent or failed")] string Status,
    [property: Description("how many times sending was tried")] int Attempts,
    [property: Description("why the last attempt failed, in words; null when none did")] string? LastError,
    [property: Description("when the mail server accepted the mail; null until it did")] string? SentAt)
{
    public static MessageDeliveryResponse? From(MessageDelivery? d) =>
        d is null ? null : new(EnumNames.Name(d.Status), d.Attempts, d.LastError, Timestamps.Format(d.SentAt));
}

public sealed record MessageList(IReadOnlyList<MessageResponse> Data, long TotalCount, string? NextCursor);
