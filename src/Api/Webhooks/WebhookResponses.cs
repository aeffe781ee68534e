using System.ComponentModel;
using Runtype.Grains.Events;
using Runtype.Grains.Webhooks;
using Runtype.Grains.Wire;

namespace Runtype.Api.Webhooks;

/// <summary>A webhook endpoint as every answer shows it; its secret only ever in <see cref="WebhookWithSecretResponse"/>.</summary>
public sealed record WebhookResponse(
    [property: Description("whk_ followed by a ULID")] string Id,
    string Url,
    [property: Description("the event types it receives; null: every type, including types added later")] IReadOnlyList<string>? Types,
    string? Description,
    [property: Description("false: no events are sent to it until it is enabled again")] bool Enabled,
    string CreatedAt,
    string UpdatedAt)
{
    public static WebhookResponse From(Webhook w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new(w.Id, w.Url, w.Types?.Select(EventTypes.Name).ToList(), w.Description, w.Enabled,
            Timestamps.Format(w.CreatedAt), Timestamps.Format(w.UpdatedAt));
    }
}

/// <summary>The answer to create and rotate-secret: the endpoint and its signing secret, shown this once.</summary>
public sealed record WebhookWithSecretResponse(
    [property: Description("whk_ followed by a ULID")] string Id,
    string Url,
    [property: Description("the event types it receives; null: every type, including types added later")] IReadOnlyList<string>? Types,
    string? Description,
    bool Enabled,
    string CreatedAt,
    string UpdatedAt,
    [property: Description("whsec_ and 32 random bytes in base64url; deliveries are signed with it. Shown only in this answer: keep it")] string Secret)
{
    public static WebhookWithSecretResponse From(WebhookWithSecret created)
    {
        ArgumentNullException.ThrowIfNull(created);
        var w = WebhookResponse.From(created.Webhook);
        return new(w.Id, w.Url, w.Types, w.Description, w.Enabled, w.CreatedAt, w.UpdatedAt, created.Secret);
    }
}

public sealed record WebhookList(IReadOnlyList<WebhookResponse> Data);

/// <summary>One attempt to deliver one event to the endpoint.</summary>
public sealed record WebhookDeliveryResponse(
    string EventId,
    string EventType,
    string ConversationId,
    [property: Description("1 for the first attempt at this event, then one more per retry; a redelivery counts on")] int Attempt,
    [property: Description("delivered, retrying or failed (the retry window is over)")] string Outcome,
    [property: Description("the receiver's HTTP status; null when no answer came (see error)")] int? StatusCode,
    [property: Description("why there was no 2xx: a timeout, a refused address, a connection error")] string? Error,
    [property: Description("the start of the receiver's answer (at most 1 KiB), kept only when the attempt failed")] string? ResponseBody,
    double DurationMs,
    string AttemptedAt,
    [property: Description("when the next attempt is due; null unless retrying")] string? NextAttemptAt,
    [property: Description("whether a redeliver call asked for this attempt")] bool Redelivery)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.EventId, d.EventType, d.ConversationId, d.Attempt, OutcomeName(d.Outcome), d.StatusCode, d.Error, d.ResponseBody,
            d.DurationMs, Timestamps.Format(d.AttemptedAt), d.Outcome == DeliveryOutcome.Retrying ? Timestamps.Format(d.NextAttemptAt) : null,
            d.Redelivery);
    }

    private static string OutcomeName(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Delivered => "delivered",
        DeliveryOutcome.Retrying => "retrying",
        DeliveryOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a delivery outcome."),
    };
}

public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDeliveryResponse> Data);

public sealed record RedeliveryAccepted([property: Description("the event that will be sent again")] string EventId);
