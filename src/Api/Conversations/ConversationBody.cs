using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Conversations;

/// <summary>The shape rules of a conversation body, shared by create (all fields) and update (any subset).</summary>
public static partial class ConversationBody
{
    private static readonly (string Name, ConversationField Field)[] Names =
    [
        ("surfaceId", ConversationField.SurfaceId),
        ("status", ConversationField.Status),
        ("subject", ConversationField.Subject),
        ("participantName", ConversationField.ParticipantName),
        ("participantEmail", ConversationField.ParticipantEmail),
        ("externalParticipantId", ConversationField.ExternalParticipantId),
        ("externalThreadId", ConversationField.ExternalThreadId),
        ("timezone", ConversationField.Timezone),
        ("context", ConversationField.Context),
        ("participantMetadata", ConversationField.ParticipantMetadata),
        ("autoCloseAfter", ConversationField.AutoCloseAfter),
        ("autoArchiveAfter", ConversationField.AutoArchiveAfter),
    ];

    /// <summary>A create body: <c>surfaceId</c> required, <c>status</c> defaulting to open.</summary>
    public static (ConversationFields? Fields, IDictionary<string, string[]>? Errors) ParseCreate(JsonElement body)
    {
        var reader = new FieldReader(body);
        var fields = Read(reader, surfaceRequired: true);
        reader.CheckUnreadProperties();
        return reader.IsValid ? (fields, null) : (null, reader.Errors);
    }

    /// <summary>An update body: the fields present, at least one.</summary>
    public static (ConversationPatch? Patch, IDictionary<string, string[]>? Errors) ParseUpdate(JsonElement body)
    {
        var reader = new FieldReader(body);
        var present = ConversationField.None;
        foreach (var (name, field) in Names)
        {
            if (reader.Has(name))
            {
                present |= field;
            }
        }

        if (present == ConversationField.None)
        {
            reader.Fail("body", "Name at least one field to update.");
        }

        var fields = Read(reader, surfaceRequired: false);
        reader.CheckUnreadProperties();
        return reader.IsValid ? (new ConversationPatch(fields, present), null) : (null, reader.Errors);
    }

    private static ConversationFields Read(FieldReader reader, bool surfaceRequired)
    {
        var surfaceId = reader.Text(TextFields.SurfaceId, required: surfaceRequired, nullable: false);
        var status = reader.Enum("status", EnumNames.Statuses);
        var email = reader.Text(TextFields.ParticipantEmail);
        if (email is not null && !IsEmail(email))
        {
            reader.Fail("participantEmail", "Must be a valid email address.");
        }

        var timezone = reader.Text(TextFields.Timezone);
        if (timezone is not null && !IsIanaZone(timezone))
        {
            reader.Fail("timezone", "Must be an IANA time zone id, such as America/New_York.");
        }

        var timers = InactivityFields.Read(reader).Values;
        return new ConversationFields
        {
            SurfaceId = surfaceId ?? "",
            Status = status ?? ConversationStatus.Open,
            Subject = reader.Text(TextFields.Subject),
            ParticipantName = reader.Text(TextFields.ParticipantName),
            ParticipantEmail = email,
            ExternalParticipantId = reader.Text(TextFields.ExternalParticipantId),
            ExternalThreadId = reader.Text(TextFields.ExternalThreadId),
            Timezone = timezone,
            Context = reader.FreeformObject("context") ?? "{}",
            ParticipantMetadata = reader.FreeformObject("participantMetadata") ?? "{}",
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
