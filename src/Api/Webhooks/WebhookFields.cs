using Runtype.Api.Shared;
using Runtype.Grains.Events;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Webhooks;

/// <summary>
/// The fields of a webhook body, read the same way for create (<see cref="CreateWebhookRequest"/>: url required) and
/// update (<see cref="UpdateWebhookRequest"/>: any subset, at least one), as a <see cref="WebhookPatch"/>, which says
/// which nullable fields were given. The url's DNS answer is looked at only once the rest of its shape is right.
/// </summary>
public static class WebhookFields
{
    private static readonly string[] UpdatableFields = ["url", "types", "description", "enabled"];

    private static readonly string KnownTypes = string.Join(", ", EventTypes.ByName.Keys);

    public static WebhookPatch Read(FieldReader body, bool update)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (update && !UpdatableFields.Any(body.Has))
        {
            body.Fail("body", "Name at least one field to update: url, types, description or enabled.");
        }

        return new WebhookPatch
        {
            Url = body.Text(TextFields.WebhookUrl, required: !update, nullable: false),
            SetTypes = body.Has("types"),
            Types = ReadTypes(body),
            SetDescription = body.Has("description"),
            Description = body.Text(TextFields.WebhookDescription),
            Enabled = update ? body.Boolean("enabled") : null,
        };
    }

    /// <summary>
    /// Names what is wrong with the url as a target (<see cref="WebhookUrlCheck"/>, DNS included), after every other
    /// field, the unread ones too, has been checked.
    /// </summary>
    public static async ValueTask CheckUrlAsync(FieldReader body, string? url, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(http);
        body.CheckUnreadProperties();
        if (url is not null && await http.RequestServices.GetRequiredService<WebhookUrlCheck>().ProblemAsync(url, http.RequestAborted) is { } problem)
        {
            body.Fail("url", problem);
        }
    }

    /// <summary>Absent or null: every type, including types added later. Otherwise a non-empty list of distinct known names.</summary>
    private static List<EventType>? ReadTypes(FieldReader body)
    {
        if (body.TextArray("types") is not { } names)
        {
            return null;
        }

        if (names.Count == 0)
        {
            body.Fail("types", $"Must list at least one event type, or be null for every type: {KnownTypes}.");
            return null;
        }

        var types = new List<EventType>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] is not { } name)
            {
                continue;
            }

            if (!EventTypes.ByName.TryGetValue(name, out var type))
            {
                body.Fail($"types[{i}]", $"Must be one of: {KnownTypes}.");
            }
            else if (types.Contains(type))
            {
                body.Fail($"types[{i}]", "Is listed twice.");
            }
            else
            {
                types.Add(type);
            }
        }

        return types;
    }
}
