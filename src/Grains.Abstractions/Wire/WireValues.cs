using System.Text.Encodings.Web;
using System.Text.Json;

namespace Runtype.Grains.Wire;

/// <summary>Small writing steps the wire writers share.</summary>
public static class WireValues
{
    public static void WriteStringOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Free-form JSON fields are validated and compacted on the way in, so they are written back verbatim.</summary>
    public static void WriteRaw(Utf8JsonWriter writer, JsonEncodedText name, string json)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        writer.WriteRawValue(json, skipInputValidation: true);
    }

    /// <summary>The encoder ASP.NET Core's serializer uses for responses (the relaxed one: non-ASCII, <c>&lt;</c> and <c>&amp;</c> unescaped).</summary>
    public static JavaScriptEncoder ResponseEncoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>
    /// Renders one value as JSON text with the <see cref="ResponseEncoder"/>, so stored event data carries the same
    /// bytes as the answers.
    /// </summary>
    public static string Render<T>(T value, Action<Utf8JsonWriter, T> write) => System.Text.Encoding.UTF8.GetString(RenderUtf8(value, write));

    /// <summary><see cref="Render"/> as UTF-8 bytes, for a writer to copy as they are (a grain's window keeps its messages' so).</summary>
    public static byte[] RenderUtf8<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ResponseEncoder, SkipValidation = true }))
        {
            write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
