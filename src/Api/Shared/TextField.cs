namespace Runtype.Api.Shared;

/// <summary>
/// One text field of the API: its name on the wire and its rule. Bodies, query strings and the OpenAPI document
/// all read it, so a limit changes everywhere at once. Lengths count Unicode characters (code points), not
/// UTF-16 units: an emoji is one character.
/// </summary>
public sealed record TextField(string Name, int MinLength, int MaxLength)
{
    /// <summary>Said of an unpaired surrogate, whether it arrived escaped, as bad UTF-8, or decoded leniently.</summary>
    public const string NotUnicode = "Must be valid Unicode text (no unpaired surrogates, valid UTF-8).";

    /// <summary>What is wrong with the value under this field's rule (the first problem), or null.</summary>
    public string? Problem(string value)
    {
        if (UnicodeProblem(value) is { } problem)
        {
            return problem;
        }

        var length = Length(value);
        if (length >= MinLength && length <= MaxLength)
        {
            return null;
        }

        return MinLength > 0 ? $"Must be between {MinLength} and {MaxLength} characters." : $"Must be at most {MaxLength} characters.";
    }

    /// <summary>Length in Unicode code points: UTF-16 length less one per surrogate pair.</summary>
    public static int Length(string value)
    {
        var length = value.Length;
        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && char.IsLowSurrogate(value[i + 1]))
            {
                length--;
                i++;
            }
        }

        return length;
    }

    /// <summary>The text rule every string obeys, whatever its field: no NUL and no unpaired surrogate.</summary>
    public static string? UnicodeProblem(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return "Must not contain the NUL character (U+0000).";
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return NotUnicode;
            }
        }

        return null;
    }
}
