using Runtype.Grains;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Shared;

/// <summary>
/// Every text field the API reads, with its rule: identifiers must not be empty, <c>subject</c> and
/// <c>participantName</c> may be. The limits themselves are <see cref="FieldLimits"/>, which storage shares.
/// </summary>
public static class TextFields
{
    public static readonly TextField SurfaceId = new("surfaceId", 1, FieldLimits.SurfaceId);
    public static readonly TextField Subject = new("subject", 0, FieldLimits.Subject);
    public static readonly TextField ParticipantName = new("participantName", 0, FieldLimits.ParticipantName);
    public static readonly TextField ParticipantEmail = new("participantEmail", 1, FieldLimits.ParticipantEmail);
    public static readonly TextField ExternalParticipantId = new("externalParticipantId", 1, FieldLimits.ExternalParticipantId);
    public static readonly TextField ExternalThreadId = new("externalThreadId", 1, FieldLimits.ExternalThreadId);
    public static readonly TextField Timezone = new("timezone", 1, FieldLimits.Timezone);
    public static readonly TextField Content = new("content", 1, FieldLimits.Content);
    public static readonly TextField ExternalMessageId = new("externalMessageId", 1, FieldLimits.ExternalMessageId);
    public static readonly TextField FlowStepResultId = new("flowStepResultId", 1, FieldLimits.FlowStepResultId);
    public static readonly TextField SurfaceName = new("name", 1, FieldLimits.SurfaceName);
    public static readonly TextField SurfaceType = new("type", 1, FieldLimits.SurfaceType);
    public static readonly TextField AutoCloseAfter = new("autoCloseAfter", 1, FieldLimits.InactivityDuration);
    public static readonly TextField AutoArchiveAfter = new("autoArchiveAfter", 1, FieldLimits.InactivityDuration);
    public static readonly TextField Cursor = new("cursor", 1, FieldLimits.Cursor);
    public static readonly TextField EventsAfter = new("after", 1, FieldLimits.Cursor);
    /// <summary>The <c>conversationId</c> query parameter that narrows the event feed and message search to one conversation.</summary>
    public static readonly TextField ConversationIdFilter = new("conversationId", 1, FieldLimits.ConversationId);
    public static readonly TextField EventTypes = new("types", 1, FieldLimits.EventTypes);
    public static readonly TextField WebhookUrl = new("url", 1, WebhookLimits.UrlLength);
    public static readonly TextField WebhookDescription = new("description", 0, WebhookLimits.DescriptionLength);

    // Its shape (evt_ and a ULID) is the real rule; the length only bounds what is read before that check.
    public static readonly TextField EventId = new("eventId", 1, FieldLimits.ConversationId);

    /// <summary>The fields of the request bodies, by name, for the OpenAPI schemas of those bodies.</summary>
    public static readonly IReadOnlyDictionary<string, TextField> InBodies = new[]
    {
        SurfaceId, Subject, ParticipantName, ParticipantEmail, ExternalParticipantId, ExternalThreadId, Timezone,
        Content, ExternalMessageId, FlowStepResultId, SurfaceName, SurfaceType, AutoCloseAfter, AutoArchiveAfter, WebhookUrl, WebhookDescription, EventId,
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);
}
