using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.Api.Messages;

/// <summary>
/// The body of <c>POST /conversations/{id}/messages/import</c>: <c>{"messages":[...]}</c>, 1 to <see cref="MaxMessages"/>
/// messages (<see cref="ImportedMessageRequest"/>). Every bad field is named with its index (<c>messages[3].content</c>).
/// </summary>
public sealed class ImportMessagesRequest : JsonRequest<ImportMessagesRequest, IReadOnlyList<HistoricMessage>>
{
    public const int MaxMessages = 1000;

    [Required, Description("1 to 1,000 messages, in order; createdAt must not decrease along them")]
    public IReadOnlyList<ImportedMessageRequest> Messages { get; init; } = [];

    protected override IReadOnlyList<HistoricMessage>? Read(FieldReader body, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(body);
        var batch = body.Property("messages");

        // Named first: anything wrong outside the batch, then the batch.
        body.CheckUnreadProperties();
        if (batch is not { ValueKind: JsonValueKind.Array } array)
        {
            body.Fail("messages", batch is null ? "Required." : "Must be an array of messages.");
            return null;
        }

        var count = array.GetArrayLength();
        if (count is 0 or > MaxMessages)
        {
            body.Fail("messages", $"Must hold 1 to {MaxMessages} messages.");
            return null;
        }

        var messages = new List<HistoricMessage>(count);
        DateTime? previous = null;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var name = $"messages[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                body.Fail(name, "Must be a JSON object.");
                continue;
            }

            var element = new FieldReader(item);
            var (message, createdAt) = ImportedMessageRequest.Read(element, previous);
            previous = createdAt ?? previous;
            if (element.IsValid)
            {
                messages.Add(new HistoricMessage(message!, createdAt!.Value));
                continue;
            }

            foreach (var (field, problems) in element.Errors)
            {
                foreach (var problem in problems)
                {
                    body.Fail($"{name}.{field}", problem);
                }
            }
        }

        return messages;
    }
}
