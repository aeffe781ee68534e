using System.Text.Json;

namespace Runtype.Grains.Wire;

/// <summary>
/// A <see cref="Message"/> as the API answers it, written field by field: the list-messages body and the
/// <c>message.created</c> event both use this writer, so a message reads the same wherever it appears. The output is
/// the bytes the API's serializer writes for its message response (camelCase, nulls written, declared order).
/// </summary>
public static class MessageJson
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ConversationId = JsonEncodedText.Encode("conversationId");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText Direction = JsonEncodedText.Encode("direction");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText ExternalMessageId = JsonEncodedText.Encode("externalMessageId");
    private static readonly JsonEncodedText FlowStepResultId = JsonEncodedText.Encode("flowStepResultId");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText RedactedAt = JsonEncodedText.Encode("redactedAt");
    private static readonly JsonEncodedText Delivery = JsonEncodedText.Encode("delivery");

    /// <summary>
    /// How the JSON this writer renders for the message <paramref name="messageId"/> begins. The id is written first and
    /// a message id (<c>msg_</c> + ULID) needs no escaping, so this finds the events that carry a given message (the
    /// stores and the API's event ring scrub them on redaction).
    /// </summary>
    public static string Prefix(string messageId) => "{\"id\":\"" + messageId + "\",";

    /// <summary>
    /// The message whose JSON (<see cref="Write"/>'s output) is <paramref name="json"/>, at <paramref name="position"/> (the
    /// JSON leaves it out). Exact for whatever <see cref="Write"/> renders: timestamps are whole milliseconds, metadata
    /// is the raw text it wrote.
    /// </summary>
    public static Message Read(ReadOnlySpan<byte> json, long position)
    {
        var reader = new Utf8JsonReader(json);
        string? id = null, conversationId = null, content = null, externalId = null, flowStepResultId = null, metadata = null;
        MessageRole role = default;
        MessageDirection direction = default;
        DateTime createdAt = default;
        DateTime? redactedAt = null;
        MessageDelivery? delivery = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "id": id = reader.GetString(); break;
                case "conversationId": conversationId = reader.GetString(); break;
                case "role": role = EnumNames.Roles[reader.GetString()!]; break;
                case "direction": direction = EnumNames.Directions[reader.GetString()!]; break;
                case "content": content = reader.GetString(); break;
                case "externalMessageId": externalId = reader.GetString(); break;
                case "flowStepResultId": flowStepResultId = reader.GetString(); break;
                case "metadata":
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    metadata = System.Text.Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                    break;
                case "createdAt": createdAt = Timestamps.Parse(reader.GetString()!); break;
                case "redactedAt": redactedAt = reader.TokenType == JsonTokenType.Null ? null : Timestamps.Parse(reader.GetString()!); break;
                case "delivery": delivery = DeliveryJson.Read(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return new Message
        {
            Id = id!, ConversationId = conversationId!, Position = position, Role = role, Direction = direction, Content = content!,
            ExternalMessageId = externalId, FlowStepResultId = flowStepResultId, Metadata = metadata ?? "{}", CreatedAt = createdAt,
            RedactedAt = redactedAt, Delivery = delivery,
        };
    }

    public static void Write(Utf8JsonWriter writer, Message message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteStartObject();
        writer.WriteString(Id, message.Id);
        writer.WriteString(ConversationId, message.ConversationId);
        writer.WriteString(Role, EnumNames.Name(message.Role));
        writer.WriteString(Direction, EnumNames.Name(message.Direction));
        writer.WriteString(Content, message.Content);
        WireValues.WriteStringOrNull(writer, ExternalMessageId, message.ExternalMessageId);
        WireValues.WriteStringOrNull(writer, FlowStepResultId, message.FlowStepResultId);
        WireValues.WriteRaw(writer, Metadata, message.Metadata);
        writer.WriteString(CreatedAt, Timestamps.Format(message.CreatedAt));
        WireValues.WriteStringOrNull(writer, RedactedAt, Timestamps.Format(message.RedactedAt));
        if (message.Delivery is { } delivery)
        {
            writer.WritePropertyName(Delivery);
            DeliveryJson.Write(writer, delivery);
        }
        else
        {
            writer.WriteNull(Delivery);
        }

        writer.WriteEndObject();
    }
}
