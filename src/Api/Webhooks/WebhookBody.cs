using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Shared;
using Runtype.Grains.Events;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Webhooks;

/// <summary>
/// The shape rules of a webhook body, shared by create (url required) and update (any subset, at least one). The
/// fields are read as a <see cref="WebhookPatch"/>, which says which nullable fields were given; create takes its
/// values as the draft. The url's DNS answer is looked at only once the rest of its shape is right.
/// </summary>
public static class WebhookBody
{
    private static readonly string[] UpdatableFields = ["url", "types", "description", "enabled"];

    private static readonly string KnownTypes = string.Join(", ", EventTypes.ByName.Keys);

    /// <summary>Exactly one result is set: the draft, a 400 naming every bad field, or a 413/415.</summary>
    public static async Task<(WebhookDraft? Draft, ValidationProblem? Invalid, ProblemHttpResult? Refused)> ReadDraftAsync(HttpRequest request, WebhookUrlCheck urls)
    {
        var (patch, invalid, refused) = await ReadAsync(request, urls, update: false);
        return patch is null ? (null, invalid, refused) : (new WebhookDraft(patch.Url!, patch.Types, patch.Description), null, null);
    }

    /// <summary>Exactly one result is set: the patch, a 400 naming every bad field, or a 413/415.</summary>
    public static Task<(WebhookPatch? Patch, ValidationProblem? Invalid, ProblemHttpResult? Refused)> ReadPatchAsync(HttpRequest request, WebhookUrlCheck urls) =>
        ReadAsync(request, urls, update: true);

    private static async Task<(WebhookPatch? Patch, ValidationProblem? Invalid, ProblemHttpResult? Refused)> ReadAsync(
        HttpRequest request, WebhookUrlCheck urls, bool update)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(urls);
        var (document, invalid, refused) = await JsonBody.ReadObjectAsync(request);
        if (document is null)
        {
            return (null, invalid, refused);
        }

        using (document)
        {
            var reader = new FieldReader(document.RootElement);
            if (update && !UpdatableFields.Any(reader.Has))
            {
                reader.Fail("body", "Name at least one field to update: url, types, description or enabled.");
            }

            var url = reader.Text(TextFields.WebhookUrl, required: !update, nullable: false);
            var patch = new WebhookPatch
            {
                Url = url,
                SetTypes = reader.Has("types"),
                Types = ReadTypes(reader),
                SetDescription = reader.Has("description"),
                Description = reader.Text(TextFields.WebhookDescription),
                Enabled = update ? reader.Boolean("enabled") : null,
            };
            reader.CheckUnreadProperties();
            if (url is not null && await urls.ProblemAsync(url, request.HttpContext.RequestAborted) is { } problem)
            {
                reader.Fail("url", problem);
            }

            return reader.IsValid ? (patch, null, null) : (null, ApiProblems.Validation(reader.Errors), null);
        }
    }

    /// <summary>Absent or null: every type, including types added later. Otherwise a non-empty list of distinct known names.</summary>
    private static List<EventType>? ReadTypes(FieldReader reader)
    {
        if (reader.TextArray("types") is not { } names)
        {
            return null;
        }

        if (names.Count == 0)
        {
            reader.Fail("types", $"Must list at least one event type, or be null for every type: {KnownTypes}.");
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
                reader.Fail($"types[{i}]", $"Must be one of: {KnownTypes}.");
            }
            else if (types.Contains(type))
            {
                reader.Fail($"types[{i}]", "Is listed twice.");
            }
            else
            {
                types.Add(type);
            }
        }

        return types;
    }
}
