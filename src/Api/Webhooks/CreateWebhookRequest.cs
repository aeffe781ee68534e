using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Runtype.Api.Shared;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Webhooks;

/// <summary>The body of <c>POST /webhooks</c>: the target url, and which events to send it.</summary>
public sealed class CreateWebhookRequest : JsonRequest<CreateWebhookRequest, WebhookDraft>
{
    [Required, Description("https to a public address (http and private addresses only with Webhooks:AllowInsecureTargets); a host name must resolve to public addresses only")]
    public string Url { get; init; } = "";

    [Description("distinct event types, such as message.created; absent or null: every type, including types added later")]
    public IReadOnlyList<string>? Types { get; init; }

    public string? Description { get; init; }

    protected override WebhookDraft? Read(FieldReader body, HttpContext http)
    {
        var fields = WebhookFields.Read(body, update: false);
        return fields.Url is null ? null : new WebhookDraft(fields.Url, fields.Types, fields.Description);
    }

    protected override async ValueTask<WebhookDraft?> ReadAsync(FieldReader body, HttpContext http)
    {
        var draft = Read(body, http);
        await WebhookFields.CheckUrlAsync(body, draft?.Url, http);
        return draft;
    }
}
