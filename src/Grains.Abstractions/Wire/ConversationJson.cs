using System.Text.Json;

namespace Runtype.Grains.Wire;

/// <summary>
/// A <see cref="Conversation"/> as <c>GET /conversations/{id}</c> answers it (the detailed shape, with its surface or
/// null), for event data; and the previous values of changed client fields, for <c>previousAttributes</c>. Field
/// names, order and formats are the API's (a test compares this output with the serializer's bytes).
/// </summary>
public static class ConversationJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText SurfaceId = JsonEncodedText.Encode("surfaceId");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Subject = JsonEncodedText.Encode("subject");
    private static readonly JsonEncodedText ParticipantName = JsonEncodedText.Encode("participantName");
    private static readonly JsonEncodedText ParticipantEmail = JsonEncodedText.Encode("participantEmail");
    private static readonly JsonEncodedText ExternalParticipantId = JsonEncodedText.Encode("externalParticipantId");
    private static readonly JsonEncodedText ExternalThreadId = JsonEncodedText.Encode("externalThreadId");
    private static readonly JsonEncodedText Timezone = JsonEncodedText.Encode("timezone");
    private static readonly JsonEncodedText MessageCount = JsonEncodedText.Encode("messageCount");
    private static readonly JsonEncodedText LastMessageAt = JsonEncodedText.Encode("lastMessageAt");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updatedAt");
    private static readonly JsonEncodedText Context = JsonEncodedText.Encode("context");
    private static readonly JsonEncodedText ParticipantMetadata = JsonEncodedText.Encode("participantMetadata");
    private static readonly JsonEncodedText AutoCloseAfter = JsonEncodedText.Encode("autoCloseAfter");
    private static readonly JsonEncodedText AutoArchiveAfter = JsonEncodedText.Encode("autoArchiveAfter");
    private static readonly JsonEncodedText Surface = JsonEncodedText.Encode("surface");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");

    public static void Write(Utf8JsonWriter writer, Conversation conversation, Surface? surface)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(conversation);
        var f = conversation.Fields;
        writer.WriteStartObject();
        writer.WriteString(Id, conversation.Id);
        writer.WriteString(SurfaceId, f.SurfaceId);
        writer.WriteString(Status, EnumNames.Name(f.Status));
        WireValues.WriteStringOrNull(writer, Subject, f.Subject);
        WireValues.WriteStringOrNull(writer, ParticipantName, f.ParticipantName);
        WireValues.WriteStringOrNull(writer, ParticipantEmail, f.ParticipantEmail);
        WireValues.WriteStringOrNull(writer, ExternalParticipantId, f.ExternalParticipantId);
        WireValues.WriteStringOrNull(writer, ExternalThreadId, f.ExternalThreadId);
        WireValues.WriteStringOrNull(writer, Timezone, f.Timezone);
        writer.WriteNumber(MessageCount, conversation.MessageCount);
        WireValues.WriteStringOrNull(writer, LastMessageAt, Timestamps.Format(conversation.LastMessageAt));
        writer.WriteString(CreatedAt, Timestamps.Format(conversation.CreatedAt));
        writer.WriteString(UpdatedAt, Timestamps.Format(conversation.UpdatedAt));
        WireValues.WriteRaw(writer, Context, f.Context);
        WireValues.WriteRaw(writer, ParticipantMetadata, f.ParticipantMetadata);
        WireValues.WriteStringOrNull(writer, AutoCloseAfter, Durations.Format(f.AutoCloseAfter));
        WireValues.WriteStringOrNull(writer, AutoArchiveAfter, Durations.Format(f.AutoArchiveAfter));
        if (surface is null)
        {
            writer.WriteNull(Surface);
        }
        else
        {
            writer.WriteStartObject(Surface);
            writer.WriteString(Id, surface.Id);
            writer.WriteString(Name, surface.Name);
            writer.WriteString(Type, surface.Type);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// An object with the value in <paramref name="before"/> of each client field that <paramref name="after"/>
    /// changed, by wire name; <c>{}</c> when none did. JSON fields compare as text (both are compacted on the way in).
    /// </summary>
    public static void WriteChanged(Utf8JsonWriter writer, ConversationFields before, ConversationFields after)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        writer.WriteStartObject();
        if (before.SurfaceId != after.SurfaceId)
        {
            writer.WriteString(SurfaceId, before.SurfaceId);
        }

        if (before.Status != after.Status)
        {
            writer.WriteString(Status, EnumNames.Name(before.Status));
        }

        WriteIfChanged(writer, Subject, before.Subject, after.Subject);
        WriteIfChanged(writer, ParticipantName, before.ParticipantName, after.ParticipantName);
        WriteIfChanged(writer, ParticipantEmail, before.ParticipantEmail, after.ParticipantEmail);
        WriteIfChanged(writer, ExternalParticipantId, before.ExternalParticipantId, after.ExternalParticipantId);
        WriteIfChanged(writer, ExternalThreadId, before.ExternalThreadId, after.ExternalThreadId);
        WriteIfChanged(writer, Timezone, before.Timezone, after.Timezone);
        if (before.Context != after.Context)
        {
            WireValues.WriteRaw(writer, Context, before.Context);
        }

        if (before.ParticipantMetadata != after.ParticipantMetadata)
        {
            WireValues.WriteRaw(writer, ParticipantMetadata, before.ParticipantMetadata);
        }

        WriteIfChanged(writer, AutoCloseAfter, Durations.Format(before.AutoCloseAfter), Durations.Format(after.AutoCloseAfter));
        WriteIfChanged(writer, AutoArchiveAfter, Durations.Format(before.AutoArchiveAfter), Durations.Format(after.AutoArchiveAfter));

        writer.WriteEndObject();
    }

    private static void WriteIfChanged(Utf8JsonWriter writer, JsonEncodedText name, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            WireValues.WriteStringOrNull(writer, name, before);
        }
    }
}
