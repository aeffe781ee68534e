using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Runtype.Grains.Email;

namespace Runtype.Grains.Tests.Email;

/// <summary>Raw mails written in tests as text (each char one byte, so 8-bit bytes are written as <c>\u00XX</c>), and the API's rules checked on what is read.</summary>
internal static class Mails
{
    public static byte[] Bytes(string raw) => Encoding.Latin1.GetBytes(raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    public static InboundMail Read(string raw) => Read(Bytes(raw));

    public static InboundMail Read(byte[] raw)
    {
        var mail = InboundMail.Read(new MemoryStream(raw));
        AssertFitsTheApi(mail);
        return mail;
    }

    public static JsonElement Metadata(InboundMail mail)
    {
        using var document = JsonDocument.Parse(mail.Metadata);
        return document.RootElement.Clone();
    }

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>What the API would check of a message made from this mail: every field's length and text rule, and the metadata's size as compact JSON.</summary>
    public static void AssertFitsTheApi(InboundMail mail)
    {
        AssertText(mail.Content, 1, FieldLimits.Content);
        Assert.True(Encoding.UTF8.GetByteCount(mail.Content) <= 256 * 1024);
        AssertText(mail.MessageId, 1, FieldLimits.ExternalMessageId);
        AssertText(mail.ThreadRoot, 1, FieldLimits.ExternalThreadId);
        AssertText(mail.Subject, 0, FieldLimits.Subject);
        AssertText(mail.FromName, 0, FieldLimits.ParticipantName);
        AssertText(mail.FromAddress, 1, FieldLimits.ParticipantEmail);
        Assert.All(mail.References.Concat(mail.InReplyTo), id => AssertText(id, 1, FieldLimits.ExternalMessageId));

        using var document = JsonDocument.Parse(mail.Metadata);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }

        Assert.True(buffer.WrittenCount <= 32 * 1024, $"metadata is {buffer.WrittenCount} bytes");
        AssertStrings(document.RootElement);
    }

    private static void AssertStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                AssertText(element.GetString(), 0, int.MaxValue);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    AssertStrings(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertStrings(item);
                }

                break;
        }
    }

    private static void AssertText(string? value, int min, int max)
    {
        if (value is null)
        {
            return;
        }

        Assert.DoesNotContain('\0', value);
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else
            {
                Assert.False(char.IsSurrogate(value[i]), "a lone surrogate");
            }
        }

        var codePoints = value.EnumerateRunes().Count();
        Assert.InRange(codePoints, min, max);
    }
}
