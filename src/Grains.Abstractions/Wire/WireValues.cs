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
    public static string Render<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var scratch = Scratch.Take();
        try
        {
            return System.Text.Encoding.UTF8.GetString(scratch.Write(value, write));
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary><see cref="Render"/> as UTF-8 bytes, for a writer to copy as they are (a grain's window keeps its messages' so).</summary>
    public static byte[] RenderUtf8<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var scratch = Scratch.Take();
        try
        {
            return scratch.Write(value, write).ToArray();
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary>
    /// A buffer and a writer kept per thread: every message rendered for its event (and for a window) used to allocate
    /// both, about half of what rendering allocated. Taken while in use, so a render inside a render gets its own.
    /// </summary>
    private sealed class Scratch : IDisposable
    {
        // A buffer grown past this by one large value is not kept.
        private const int KeptCapacity = 64 * 1024;

        [ThreadStatic]
        private static Scratch? _cached;

        private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _writer;

        private Scratch() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = ResponseEncoder, SkipValidation = true });

        public static Scratch Take()
        {
            var scratch = _cached ?? new Scratch();
            _cached = null;
            return scratch;
        }

        public static void Return(Scratch scratch)
        {
            if (scratch._buffer.Capacity <= KeptCapacity)
            {
                _cached = scratch;
            }
            else
            {
                scratch.Dispose();
            }
        }

        public void Dispose() => _writer.Dispose();

        public ReadOnlySpan<byte> Write<T>(T value, Action<Utf8JsonWriter, T> write)
        {
            ArgumentNullException.ThrowIfNull(write);
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            write(_writer, value);
            _writer.Flush();
            return _buffer.WrittenSpan;
        }
    }
}
