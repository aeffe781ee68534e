using System.Globalization;
using System.Text.RegularExpressions;

namespace Runtype.Grains.Wire;

public static partial class Timestamps
{
    /// <summary><paramref name="value"/> as UTC cut to whole milliseconds: the precision the API writes and stores.</summary>
    public static DateTime ToMilliseconds(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    /// <summary>
    /// RFC 3339, UTC, millisecond precision, <c>Z</c> suffix (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>). Written digit by digit:
    /// a custom format string took about a tenth of the CPU of listing 100 messages.
    /// </summary>
    public static string Format(DateTime value) => string.Create(24, value, static (chars, v) =>
    {
        Digits(chars[..4], v.Year);
        chars[4] = '-';
        Digits(chars[5..7], v.Month);
        chars[7] = '-';
        Digits(chars[8..10], v.Day);
        chars[10] = 'T';
        Digits(chars[11..13], v.Hour);
        chars[13] = ':';
        Digits(chars[14..16], v.Minute);
        chars[16] = ':';
        Digits(chars[17..19], v.Second);
        chars[19] = '.';
        Digits(chars[20..23], v.Millisecond);
        chars[23] = 'Z';
    });

    public static string? Format(DateTime? value) => value is { } v ? Format(v) : null;

    /// <summary>The UTC time <see cref="Format(DateTime)"/> wrote as <paramref name="text"/>.</summary>
    public static DateTime Parse(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// What a caller wrote as an RFC 3339 date-time (a date, <c>T</c>, a time, an offset or <c>Z</c>; an import's
    /// <c>createdAt</c>, a search's bounds), as UTC cut to the millisecond, the precision stored; false for anything else.
    /// </summary>
    public static bool TryParseRfc3339(string text, out DateTime value)
    {
        value = default;
        if (!Rfc3339().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = ToMilliseconds(parsed.UtcDateTime);
        return true;
    }

    /// <summary>Fills <paramref name="destination"/> with <paramref name="value"/>'s last digits, zero-padded.</summary>
    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Rfc3339();
}
