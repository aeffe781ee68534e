using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Cluster;
using Runtype.Api.Idempotency;
using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.Api.Messages;

public static partial class MessagesApi
{
    public static async Task<Results<Ok<ImportMessagesResponse>, ValidationProblem, ProblemHttpResult>> ImportMessages(
        string id, HttpContext http, ClaimsPrincipal user, [AsParameters] MessageServices services)
    {
        if (!Identifiers.IsConversationId(id))
        {
            return ApiProblems.NotFound();
        }

        var (messages, invalid, refused) = await JsonBody.ParseAsync(http.Request, ImportBody.Parse);
        if (messages is null)
        {
            return invalid is not null ? invalid : refused!;
        }

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

/// <summary>Documents the import body; the handler reads the JSON itself to report every bad field at once.</summary>
public sealed class ImportMessagesRequest
{
    [Required, Description("1 to 1,000 messages, in order; createdAt must not decrease along them")]
    public required IReadOnlyList<ImportedMessageRequest> Messages { get; init; }
}

/// <summary>One message of an import: the create-message fields and the time it was originally written.</summary>
public sealed class ImportedMessageRequest : MessageRequestFields
{
    [Description("a message whose id the conversation or the batch already holds is skipped")]
    public string? ExternalMessageId { get; init; }

    [Required, Description("RFC 3339; stored to the millisecond; not before the conversation's last message, not after now")]
    public required string CreatedAt { get; init; }
}

public sealed record ImportMessagesResponse(int Imported, IReadOnlyList<string> Skipped, long MessageCount);
