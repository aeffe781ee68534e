using System.Globalization;

namespace Runtype.Api.Shared;

/// <summary>Reads query parameters, collecting every problem like the body readers do.</summary>
public sealed class QueryReader(IQueryCollection query)
{
    private readonly FieldErrors _errors = new();

    public bool IsValid => _errors.IsEmpty;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary();

    public void Fail(string name, string message) => _errors.Add(name, message);

    /// <summary>A text parameter under the same rule as the body field of that name; null when absent or bad.</summary>
    public string? Text(TextField field)
    {
        if (!TrySingle(field.Name, out var value) || value is null)
        {
            return null;
        }

        if (field.Problem(value) is { } problem)
        {
            Fail(field.Name, problem);
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
