using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Cluster;
using Runtype.Api.Idempotency;
using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.Api.Messages;

public static partial class MessagesApi
{
    public static async Task<Results<Ok<ImportMessagesResponse>, ValidationProblem, RejectedBody, ProblemHttpResult>> ImportMessages(
        string id, ImportMessagesRequest body, HttpContext http, ClaimsPrincipal user, [AsParameters] MessageServices services)
    {
        if (!Identifiers.IsConversationId(id))
        {
            return ApiProblems.NotFound();
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var messages = body.Value;
        if (IdempotencyReservation.Of(http) is { } reserved)
        {
            // Every attempt of the request names the same messages, so a retry finds what a committed attempt stored.
            messages = messages.Select((m, i) => m with { Message = m.Message with { Id = Identifiers.MessageIdAt(reserved, i) } }).ToList();
        }

        var result = await services.Grains.Conversation(user, id).ImportMessages(messages);
        return result.Outcome switch
        {
            ImportOutcome.Imported => TypedResults.Ok(new ImportMessagesResponse(result.Imported, result.Skipped ?? [], result.MessageCount)),
            ImportOutcome.CreatedAtRefused => ApiProblems.Validation(CreatedAtErrors(result)),
            ImportOutcome.Archived => ApiProblems.Conflict("The conversation is archived and read-only."),
            _ => ApiProblems.NotFound(),
        };
    }

    private static Dictionary<string, string[]> CreatedAtErrors(MessageImportResult result)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var index in result.TooEarly ?? [])
        {
            errors[$"messages[{index}].createdAt"] = ["Must not be earlier than the conversation's last message."];
        }

        foreach (var index in result.InFuture ?? [])
        {
            errors[$"messages[{index}].createdAt"] = ["Must not be later than the server's current time."];
        }

        return errors;
    }
}

public sealed record ImportMessagesResponse(int Imported, IReadOnlyList<string> Skipped, long MessageCount);
