using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Runtype.Api.Validation;

/// <summary>
/// Reads the fields of one JSON object and collects every problem instead of stopping at the first,
/// so one response names every bad field. Lengths count Unicode characters (code points), not UTF-16 units.
/// </summary>
public sealed class FieldReader(JsonElement root)
{
    public const int MaxObjectBytes = 32 * 1024;
    public const int MaxObjectDepth = 32;

    private static readonly JsonWriterOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public bool Has(string name) => root.TryGetProperty(name, out _);

    public void Fail(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors.Add(field, messages);
        }

        messages.Add(message);
    }

    /// <summary>
    /// Properties the body's type does not know are ignored, but the text rule holds for the whole body: a NUL or
    /// an unpaired surrogate anywhere is reported under the top-level property that carries it.
    /// </summary>
    public void CheckUnreadProperties()
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!_read.Contains(property.Name)
                && (TextProblem(property.Name) ?? FindBadText(property.Value)) is { } problem)
            {
                Fail(property.Name, problem);
            }
        }
    }

    /// <summary>A string field; null when absent, or when null is sent and allowed.</summary>
    public string? Text(string name, int minLength, int maxLength, bool required = false, bool nullable = true)
    {
        _read.Add(name);
        if (!root.TryGetProperty(name, out var value))
        {
            if (required)
            {
                Fail(name, "Required.");
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!nullable || required)
            {
                Fail(name, "Must not be null.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(name, "Must be a string.");
            return null;
        }

        return CheckText(name, value, minLength, maxLength);
    }

    /// <summary>An enum field matched exactly against its lowercase names.</summary>
    public T? Enum<T>(string name, IReadOnlyDictionary<string, T> values, bool required = false, bool nullable = false)
        where T : struct
    {
        _read.Add(name);
        if (!root.TryGetProperty(name, out var value))
        {
            if (required)
            {
                Fail(name, "Required.");
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.Null && nullable && !required)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TryGetString(value, out var text) && values.TryGetValue(text, out var parsed))
        {
            return parsed;
        }

        Fail(name, $"Must be one of: {string.Join(", ", values.Keys)}.");
        return null;
    }

    /// <summary>A free-form JSON object field, returned as compact JSON text; null when absent.</summary>
    public string? FreeformObject(string name)
    {
        _read.Add(name);
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(name, "Must be a JSON object.");
            return null;
        }

        if (Depth(value) > MaxObjectDepth)
        {
            Fail(name, $"Must not nest deeper than {MaxObjectDepth} levels.");
            return null;
        }

        if (FindBadText(value) is { } problem)
        {
            Fail(name, problem);
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            value.WriteTo(writer);
        }

        if (buffer.WrittenCount > MaxObjectBytes)
        {
            Fail(name, $"Must be at most {MaxObjectBytes} bytes as compact JSON.");
            return null;
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Length in Unicode code points: UTF-16 length less one per surrogate pair.</summary>
    public static int TextLength(string value)
    {
        var length = value.Length;
        foreach (var c in value)
        {
            if (char.IsHighSurrogate(c))
            {
                length--;
            }
        }

        return length;
    }

    /// <summary>The text rule every string obeys: no NUL, no unpaired surrogate, valid UTF-8 on the wire.</summary>
    public static string? TextProblem(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return "Must not contain the NUL character (U+0000).";
        }

        // String values with a lone surrogate already fail to decode; property names decode leniently.
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return "Must be valid Unicode text (no unpaired surrogates, valid UTF-8).";
            }
        }

        return null;
    }

    private string? CheckText(string name, JsonElement value, int minLength, int maxLength)
    {
        if (!TryGetString(value, out var text))
        {
            Fail(name, "Must be valid Unicode text (no unpaired surrogates, valid UTF-8).");
            return null;
        }

        if (TextProblem(text) is { } problem)
        {
            Fail(name, problem);
            return null;
        }

        var length = text.Length <= maxLength && text.Length >= minLength ? text.Length : TextLength(text);
        if (length < minLength || length > maxLength)
        {
            Fail(name, minLength > 0 ? $"Must be between {minLength} and {maxLength} characters." : $"Must be at most {maxLength} characters.");
            return null;
        }

        return text;
    }

    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            // Throws for escaped lone surrogates (\ud800) and for invalid UTF-8 bytes.
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static int Depth(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => 1 + value.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + value.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static string? FindBadText(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return TryGetString(value, out var text) ? TextProblem(text) : "Must contain only valid Unicode text.";
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    string propertyName;
                    try
                    {
                        propertyName = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return "Must contain only valid Unicode text.";
                    }

                    if ((TextProblem(propertyName) ?? FindBadText(property.Value)) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (FindBadText(item) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
