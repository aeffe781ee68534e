using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.Api.Webhooks;

/// <summary>The body of <c>POST /webhooks/{id}/redeliver</c>: the event to send again, by id.</summary>
public sealed class RedeliverWebhookRequest : JsonRequest<RedeliverWebhookRequest, string>
{
    [Required, Description("evt_ followed by a ULID: an event among this endpoint's recorded deliveries")]
    public string EventId { get; init; } = "";

    protected override string? Read(FieldReader body, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(body);
        var eventId = body.Text(TextFields.EventId, required: true, nullable: false);
        if (eventId is not null && !Identifiers.IsEventId(eventId))
        {
            body.Fail("eventId", "Must be an event id (evt_ followed by 26 characters).");
        }

        return eventId;
    }
}
