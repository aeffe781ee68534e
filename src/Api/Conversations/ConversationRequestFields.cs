using System.ComponentModel;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Conversations;

/// <summary>
/// The fields a conversation body may carry, documented and read once for create (all fields,
/// <see cref="CreateConversationRequest"/>) and update (any subset, <see cref="UpdateConversationRequest"/>).
/// </summary>
public abstract partial class ConversationRequestFields<TSelf, TValue> : JsonRequest<TSelf, TValue>
    where TSelf : ConversationRequestFields<TSelf, TValue>, new()
    where TValue : class
{
    [Description("open (default), closed or archived")]
    public string? Status { get; init; }

    public string? Subject { get; init; }

    public string? ParticipantName { get; init; }

    [Description("an email address")]
    public string? ParticipantEmail { get; init; }

    public string? ExternalParticipantId { get; init; }

    [Description("unique per owner and surface")]
    public string? ExternalThreadId { get; init; }

    [Description("an IANA time zone id, such as America/New_York")]
    public string? Timezone { get; init; }

    [Description("free-form JSON object, at most 32 KiB and 32 levels deep")]
    public RawJson? Context { get; init; }

    [Description("free-form JSON object, at most 32 KiB and 32 levels deep")]
    public RawJson? ParticipantMetadata { get; init; }

    [Description("ISO 8601 duration, at least PT1M (such as PT30M or P7D): an open conversation with no change for this long closes; null: the surface's rule")]
    public string? AutoCloseAfter { get; init; }

    [Description("ISO 8601 duration, at least PT1M: a closed conversation untouched for this long is archived; null: the surface's rule")]
    public string? AutoArchiveAfter { get; init; }

    /// <summary>Every field, absent ones as their defaults: <c>status</c> open, free-form objects <c>{}</c>.</summary>
    protected static ConversationFields ReadFields(FieldReader body, bool surfaceRequired)
    {
        ArgumentNullException.ThrowIfNull(body);
        var surfaceId = body.Text(TextFields.SurfaceId, required: surfaceRequired, nullable: false);
        var status = body.Enum("status", EnumNames.Statuses);
        var email = body.Text(TextFields.ParticipantEmail);
        if (email is not null && !IsEmail(email))
        {
            body.Fail("participantEmail", "Must be a valid email address.");
        }

        var timezone = body.Text(TextFields.Timezone);
        if (timezone is not null && !IsIanaZone(timezone))
        {
            body.Fail("timezone", "Must be an IANA time zone id, such as America/New_York.");
        }

        var timers = InactivityFields.Read(body).Values;
        return new ConversationFields
        {
            SurfaceId = surfaceId ?? "",
            Status = status ?? ConversationStatus.Open,
            Subject = body.Text(TextFields.Subject),
            ParticipantName = body.Text(TextFields.ParticipantName),
            ParticipantEmail = email,
            ExternalParticipantId = body.Text(TextFields.ExternalParticipantId),
            ExternalThreadId = body.Text(TextFields.ExternalThreadId),
            Timezone = timezone,
            Context = body.FreeformObject("context") ?? "{}",
            ParticipantMetadata = body.FreeformObject("participantMetadata") ?? "{}",
            AutoCloseAfter = timers.CloseAfter,
            AutoArchiveAfter = timers.ArchiveAfter,
        };
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);

    private static bool IsIanaZone(string value) =>
        ZoneIdShape().IsMatch(value)
        && TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone)
        && zone.HasIanaId;

    // Checked before the lookup, which reads files named after the id.
    [GeneratedRegex("^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+){0,2}$")]
    private static partial Regex ZoneIdShape();
}
