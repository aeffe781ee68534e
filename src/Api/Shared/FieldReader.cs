using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Runtype.Api.Shared;

/// <summary>
/// Reads the fields of one JSON object and collects every problem instead of stopping at the first,
/// so one response names every bad field. Lengths count Unicode characters (code points), not UTF-16 units.
/// </summary>
public sealed class FieldReader(JsonElement root)
{
    public const int MaxObjectBytes = 32 * 1024;
    public const int MaxObjectDepth = 32;

    private static readonly JsonWriterOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly FieldErrors _errors = new();
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private bool _checkedUnread;

    public bool IsValid => _errors.IsEmpty;

    public Dictionary<string, string[]> Errors => _errors.ToDictionary();

    public bool Has(string name) => root.TryGetProperty(name, out _);

    public void Fail(string field, string message) => _errors.Add(field, message);

    /// <summary>
    /// Properties the body's type does not know are ignored, but the text rule holds for the whole body: a NUL or
    /// an unpaired surrogate anywhere is reported under the top-level property that carries it. Only the first call
    /// checks, so a reader may check early (to name these first) and its caller check again to be sure.
    /// </summary>
    public void CheckUnreadProperties()
    {
        if (_checkedUnread)
        {
            return;
        }

        _checkedUnread = true;
        foreach (var property in root.EnumerateObject())
        {
            if (!_read.Contains(property.Name)
                && (TextField.UnicodeProblem(property.Name) ?? FindBadText(property.Value)) is { } problem)
            {
                Fail(property.Name, problem);
            }
        }
    }

    /// <summary>A string field; null when absent, or when null is sent and allowed.</summary>
    public string? Text(TextField field, bool required = false, bool nullable = true)
    {
        var name = field.Name;
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

        if (!TryGetString(value, out var text))
        {
            Fail(name, TextField.NotUnicode);
            return null;
        }

        if (field.Problem(text) is { } problem)
        {
            Fail(name, problem);
            return null;
        }

        return text;
    }

    /// <summary>A field's raw value, for a reader of its own; null when absent.</summary>
    public JsonElement? Property(string name)
    {
        _read.Add(name);
        return root.TryGetProperty(name, out var value) ? value : null;
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

    /// <summary>A boolean field; null when absent.</summary>
    public bool? Boolean(string name)
    {
        _read.Add(name);
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Fail(name, "Must be true or false.");
        return null;
    }

    /// <summary>
    /// An array of strings; null when absent or null (<see cref="Has"/> tells them apart). An element that is not a
    /// string, or breaks the text rule, is named <c>name[i]</c> and comes back null, so indexes still match the body.
    /// </summary>
    public IReadOnlyList<string?>? TextArray(string name)
    {
        _read.Add(name);
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, "Must be an array of strings, or null.");
            return null;
        }

        var items = new List<string?>();
        foreach (var item in value.EnumerateArray())
        {
            var field = $"{name}[{items.Count}]";
            string? text = null;
            if (item.ValueKind != JsonValueKind.String)
            {
                Fail(field, "Must be a string.");
            }
            else if (!TryGetString(item, out var read) || TextField.UnicodeProblem(read) is not null)
            {
                Fail(field, TextField.UnicodeProblem(read) ?? TextField.NotUnicode);
            }
            else
            {
                text = read;
            }

            items.Add(text);
        }

        return items;
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
                return TryGetString(value, out var text) ? TextField.UnicodeProblem(text) : "Must contain only valid Unicode text.";
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

                    if ((TextField.UnicodeProblem(propertyName) ?? FindBadText(property.Value)) is { } problem)
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
