using System.ComponentModel;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Webhooks;

/// <summary>The body of <c>PUT /webhooks/{id}</c>: any subset of the fields, at least one; null clears types (every type) or description.</summary>
public sealed class UpdateWebhookRequest : JsonRequest<UpdateWebhookRequest, WebhookPatch>
{
    [Description("https to a public address (http and private addresses only with Webhooks:AllowInsecureTargets); a host name must resolve to public addresses only")]
    public string? Url { get; init; }

    [Description("distinct event types, such as message.created; null: every type, including types added later")]
    public IReadOnlyList<string>? Types { get; init; }

    public string? Description { get; init; }

    [Description("false: no events are sent to it until it is enabled again")]
    public bool? Enabled { get; init; }

    protected override WebhookPatch Read(FieldReader body, HttpContext http) => WebhookFields.Read(body, update: true);

    protected override async ValueTask<WebhookPatch?> ReadAsync(FieldReader body, HttpContext http)
    {
        var patch = Read(body, http);

        // An impossible id is a 404 whatever the body, so its url is not worth a DNS lookup.
        await WebhookFields.CheckUrlAsync(body, Identifiers.IsWebhookId(http.GetRouteValue("id") as string) ? patch.Url : null, http);
        return patch;
    }
}
