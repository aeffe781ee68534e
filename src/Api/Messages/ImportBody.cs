using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Messages;

/// <summary>
/// The history-import body: <c>{"messages":[...]}</c>, 1 to <see cref="MaxMessages"/> messages, each under the
/// create-message rules plus a <c>createdAt</c>. Every bad field is named with its index (<c>messages[3].content</c>).
/// </summary>
public static partial class ImportBody
{
    public const int MaxMessages = 1000;

    private static readonly TextField CreatedAt = new("createdAt", 1, 64);

    public static (IReadOnlyList<HistoricMessage>? Messages, IDictionary<string, string[]>? Errors) Parse(JsonElement body)
    {
        var reader = new FieldReader(body);
        var batch = reader.Property("messages");
        reader.CheckUnreadProperties();
        var errors = reader.Errors;
        if (batch is not { ValueKind: JsonValueKind.Array } array)
        {
            errors["messages"] = [batch is null ? "Required." : "Must be an array of messages."];
            return (null, errors);
        }

        var count = array.GetArrayLength();
        if (count is 0 or > MaxMessages)
        {
            errors["messages"] = [$"Must hold 1 to {MaxMessages} messages."];
            return (null, errors);
        }

        var messages = new List<HistoricMessage>(count);
        DateTime? previous = null;
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var name = $"messages[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors[name] = ["Must be a JSON object."];
                continue;
            }

            var (message, createdAt, problems) = Read(element, previous);
            previous = createdAt ?? previous;
            if (message is not null && createdAt is { } at)
            {
                messages.Add(new HistoricMessage(message, at));
                continue;
            }

            foreach (var (field, messagesOfField) in problems!)
            {
                errors[$"{name}.{field}"] = messagesOfField;
            }
        }

        return errors.Count == 0 ? (messages, null) : (null, errors);

        static (NewMessage? Message, DateTime? CreatedAt, Dictionary<string, string[]>? Errors) Read(JsonElement element, DateTime? previous)
        {
            var reader = new FieldReader(element);
            var message = MessageBody.Read(reader);
            DateTime? createdAt = null;
            if (reader.Text(CreatedAt, required: true, nullable: false) is { } text)
            {
                if (!TryParse(text, out var at))
                {
                    reader.Fail(CreatedAt.Name, "Must be an RFC 3339 date-time with a time zone, e.g. 2024-05-01T09:30:00.000Z.");
                }
                else
                {
                    createdAt = at;
                    if (previous is { } before && at < before)
                    {
                        reader.Fail(CreatedAt.Name, "Must not be earlier than the createdAt of the message before it in the batch.");
                    }
                }
            }

            reader.CheckUnreadProperties();
            return reader.IsValid ? (message, createdAt, null) : (null, createdAt, reader.Errors);
        }
    }

    /// <summary>RFC 3339 (a date, <c>T</c>, a time, an offset or <c>Z</c>), as UTC truncated to the millisecond, as stored.</summary>
    public static bool TryParse(string text, out DateTime value)
    {
        value = default;
        if (!Rfc3339().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = Timestamps.ToMilliseconds(parsed.UtcDateTime);
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Rfc3339();
}
