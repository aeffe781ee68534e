using System.Text.Json;
using Runtype.Grains.Events;

namespace Runtype.Grains.Wire;

/// <summary>
/// Writes one event as the contract's JSON (the API documents it as <c>EventResource</c>): the feed, the stream
/// and webhook bodies. <c>data</c> and <c>previousAttributes</c> are the wire JSON rendered when the change was
/// made and are copied, not re-serialized, so every reader gets the bytes the write's own response carried.
/// </summary>
public static class EventJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText ConversationId = JsonEncodedText.Encode("conversationId");
    private static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText PreviousAttributes = JsonEncodedText.Encode("previousAttributes");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");

    public static void Write(Utf8JsonWriter writer, ConversationEvent e)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(e);
        writer.WriteStartObject();
        writer.WriteString(Id, e.Id);
        writer.WriteString(Type, EventTypes.Name(e.Type));
        writer.WriteString(CreatedAt, Timestamps.Format(e.CreatedAt));
        writer.WriteString(ConversationId, e.ConversationId);
        writer.WriteNumber(Sequence, e.Sequence);
        writer.WritePropertyName(Data);
        writer.WriteRawValue(e.Data, skipInputValidation: true);
        if (e.PreviousAttributes is null)
        {
            writer.WriteNull(PreviousAttributes);
        }
        else
        {
            writer.WritePropertyName(PreviousAttributes);
            writer.WriteRawValue(e.PreviousAttributes, skipInputValidation: true);
        }

        // Only on changes the server made by itself (inactivity timers), so every other event keeps its shape.
        if (e.Reason is not null)
        {
            writer.WriteString(Reason, e.Reason);
        }

        writer.WriteEndObject();
    }

    /// <summary>The event as UTF-8 JSON bytes (a webhook body).</summary>
    public static byte[] ToUtf8(ConversationEvent e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512 + (e?.Data.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, e!);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
