using System.Globalization;

namespace Runtype.Api.Http;

/// <summary>Reads query parameters, collecting every problem like the body readers do.</summary>
public sealed class QueryReader(IQueryCollection query)
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors;

    public void Fail(string name, string message) => _errors[name] = [message];

    public string? Text(string name, int maxLength)
    {
        if (!TrySingle(name, out var value) || value is null)
        {
            return null;
        }

        if (value.Length == 0 || value.Length > maxLength || value.Contains('\0', StringComparison.Ordinal))
        {
            Fail(name, $"Must be between 1 and {maxLength} characters.");
            return null;
        }

        return value;
    }

    public int Number(string name, int min, int max, int defaultValue)
    {
        if (!TrySingle(name, out var value) || value is null)
        {
            return defaultValue;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        Fail(name, $"Must be a whole number from {min} to {max}.");
        return defaultValue;
    }

    public T? Enum<T>(string name, IReadOnlyDictionary<string, T> values)
        where T : struct
    {
        if (!TrySingle(name, out var value) || value is null)
        {
            return null;
        }

        if (values.TryGetValue(value, out var parsed))
        {
            return parsed;
        }

        Fail(name, $"Must be one of: {string.Join(", ", values.Keys)}.");
        return null;
    }

    private bool TrySingle(string name, out string? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return false;
        }

        if (values.Count > 1)
        {
            Fail(name, "Must be given once.");
            return false;
        }

        value = values[0];
        return true;
    }
}
