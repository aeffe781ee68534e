namespace Runtype.Grains.Wire;

public static class Timestamps
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
        DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    /// <summary>Fills <paramref name="destination"/> with <paramref name="value"/>'s last digits, zero-padded.</summary>
    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
