using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Runtype.Api.Webhooks;

/// <summary>Documents the create body; <see cref="WebhookBody"/> reads the JSON itself so it can name every bad field at once.</summary>
public sealed class CreateWebhookRequest
{
    [Required, Description("https to a public address (http and private addresses only with Webhooks:AllowInsecureTargets); a host name must resolve to public addresses only")]
    public required string Url { get; init; }

    [Description("distinct event types, such as message.created; absent or null: every type, including types added later")]
    public IReadOnlyList<string>? Types { get; init; }

    public string? Description { get; init; }
}

/// <summary>Documents the update body: any subset of the fields, at least one; null clears types (every type) or description.</summary>
public sealed class UpdateWebhookRequest
{
    [Description("https to a public address (http and private addresses only with Webhooks:AllowInsecureTargets); a host name must resolve to public addresses only")]
    public string? Url { get; init; }

    [Description("distinct event types, such as message.created; null: every type, including types added later")]
    public IReadOnlyList<string>? Types { get; init; }

    public string? Description { get; init; }

    [Description("false: no events are sent to it until it is enabled again")]
    public bool? Enabled { get; init; }
}

/// <summary>Documents the redeliver body.</summary>
public sealed class RedeliverWebhookRequest
{
    [Required, Description("evt_ followed by a ULID: an event among this endpoint's recorded deliveries")]
    public required string EventId { get; init; }
}
