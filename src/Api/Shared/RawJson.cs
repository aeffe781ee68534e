using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runtype.Api.Shared;

/// <summary>JSON text that was validated and compacted on the way in, written back verbatim.</summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Json)
{
    public static implicit operator RawJson(string json) => new(json);

    public static RawJson FromString(string json) => new(json);
}

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}
