using System.Text;
using System.Text.Json;

namespace Runtype.Grains.Wire;

/// <summary>
/// A <see cref="MessageDelivery"/> as the API answers it inside a message (<c>{"status","attempts","lastError","sentAt"}</c>),
/// and as the stores keep it: the messages table's <c>delivery</c> column holds this same text, so one writer and one
/// reader serve the answers, the events, a grain's window and storage.
/// </summary>
public static class DeliveryJson
{
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Attempts = JsonEncodedText.Encode("attempts");
    private static readonly JsonEncodedText LastError = JsonEncodedText.Encode("lastError");
    private static readonly JsonEncodedText SentAt = JsonEncodedText.Encode("sentAt");

    public static void Write(Utf8JsonWriter writer, MessageDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(delivery);
        writer.WriteStartObject();
        writer.WriteString(Status, EnumNames.Name(delivery.Status));
        writer.WriteNumber(Attempts, delivery.Attempts);
        WireValues.WriteStringOrNull(writer, LastError, delivery.LastError);
        WireValues.WriteStringOrNull(writer, SentAt, Timestamps.Format(delivery.SentAt));
        writer.WriteEndObject();
    }

    /// <summary>The delivery <paramref name="reader"/> stands on (its start or a null), leaving the reader on its last token.</summary>
    public static MessageDelivery? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var delivery = new MessageDelivery();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            delivery = name switch
            {
                "status" => delivery with { Status = EnumNames.DeliveryStatuses[reader.GetString()!] },
                "attempts" => delivery with { Attempts = reader.GetInt32() },
                "lastError" => delivery with { LastError = reader.GetString() },
                "sentAt" => delivery with { SentAt = reader.TokenType == JsonTokenType.Null ? null : Timestamps.Parse(reader.GetString()!) },
                _ => Skipped(ref reader, delivery),
            };
        }

        return delivery;
    }

    /// <summary>The text a store keeps for <paramref name="delivery"/>: what <see cref="Write"/> renders, or null for none.</summary>
    public static string? Render(MessageDelivery? delivery) => delivery is null ? null : WireValues.Render(delivery, Write);

    /// <summary>The delivery a store kept as <paramref name="json"/> (<see cref="Render"/>'s output), or null for none.</summary>
    public static MessageDelivery? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return Read(ref reader);
    }

    private static MessageDelivery Skipped(ref Utf8JsonReader reader, MessageDelivery delivery)
    {
        reader.Skip();
        return delivery;
    }
}
