using System.Globalization;
using System.Text;

namespace Runtype.Api.Shared;

/// <summary>
/// A prefix-free text encoding of a sequence of optional strings: each value is written as its length, a colon
/// and the value, and an absent value as <c>-</c>. No value can run into the next whatever characters it holds,
/// and absent is never confused with empty, so two different sequences never encode alike.
/// </summary>
public static class LengthPrefixed
{
    private const char Absent = '-';
    private const char LengthEnd = ':';

    public static string Encode(params ReadOnlySpan<string?> values)
    {
        var text = new StringBuilder();
        foreach (var value in values)
        {
            if (value is null)
            {
                text.Append(Absent);
            }
            else
            {
                text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(LengthEnd).Append(value);
            }
        }

        return text.ToString();
    }

    /// <summary>Reads exactly <paramref name="count"/> values that make up the whole of <paramref name="text"/>.</summary>
    public static bool TryDecode(string text, int count, out string?[] values)
    {
        ArgumentNullException.ThrowIfNull(text);
        values = new string?[count];
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            if (position < text.Length && text[position] == Absent)
            {
                position++;
                continue;
            }

            var end = text.IndexOf(LengthEnd, position);
            if (end <= position
                || !int.TryParse(text.AsSpan(position, end - position), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length > text.Length - end - 1)
            {
                return false;
            }

            values[i] = text.Substring(end + 1, length);
            position = end + 1 + length;
        }

        return position == text.Length;
    }
}
