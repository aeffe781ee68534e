using System.Text.Json;
using System.Text.Json.Serialization;

namespace Runtype.Client;

/// <summary>
/// A field of an update that is either absent (the default: left unchanged, not written) or present with a value
/// that may be null (written, so the API replaces or clears it). Assign a value to make it present.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly record struct Optional<T>
{
    public Optional(T value)
    {
        Value = value;
        HasValue = true;
    }

    /// <summary>Whether the field is present (and written).</summary>
    public bool HasValue { get; }

    /// <summary>The value when present.</summary>
    public T Value { get; }

    public static implicit operator Optional<T>(T value) => new(value);

    public override string ToString() => HasValue ? $"{Value}" : "(absent)";
}

/// <summary>Writes a present <see cref="Optional{T}"/> as its value; absent ones are skipped by their <c>JsonIgnore</c>.</summary>
internal sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(OptionalJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]));

    private sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
    {
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<T>(ref reader, options)!);

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
