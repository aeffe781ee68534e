using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Runtype.Client;

/// <summary>
/// The API's durations (inactivity timers, an email surface's poll period) as <see cref="TimeSpan"/>: ISO 8601 text
/// on the wire (<c>PT30M</c>, <c>P7D</c>). The API takes whole seconds within each field's range; anything else comes
/// back as a 400 naming the field.
/// </summary>
internal sealed class IsoDurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        XmlConvert.ToTimeSpan(reader.GetString() ?? throw new JsonException("A duration must be a string."));

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(XmlConvert.ToString(value));
    }
}
