using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Runtype.Grains.Wire;

/// <summary>
/// ISO 8601 durations as the inactivity timers take them: weeks (<c>P2W</c>), or days, hours, minutes and whole seconds
/// (<c>P7D</c>, <c>PT30M</c>, <c>P1DT12H</c>). Years and months are refused: their length depends on the calendar.
/// Written back in one canonical form (<c>PT90M</c> reads back as <c>PT1H30M</c>).
/// </summary>
public static partial class Durations
{
    /// <summary>The shortest timer: Orleans reminders fire within about a minute, so less would promise too much.</summary>
    public static readonly TimeSpan Shortest = TimeSpan.FromMinutes(1);

    /// <summary>The longest timer, ten years: far beyond any inactivity rule, and far from arithmetic overflow.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>The duration <paramref name="text"/> names, or null with the reason it is not one.</summary>
    public static TimeSpan? Parse(string text, out string? problem) => Parse(text, Shortest, Longest, out problem);

    /// <summary>The duration <paramref name="text"/> names within [<paramref name="shortest"/>, <paramref name="longest"/>], or null with the reason.</summary>
    public static TimeSpan? Parse(string text, TimeSpan shortest, TimeSpan longest, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        var weeks = WeeksShape().Match(text);
        var parts = weeks.Success ? null : PartsShape().Match(text);
        if (!weeks.Success && (parts is not { Success: true } || text is "P" or "PT" || text.EndsWith('T')))
        {
            problem = "Must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, such as PT30M or P7D.";
            return null;
        }

        var duration = TimeSpan.Zero;
        try
        {
            duration = weeks.Success
                ? TimeSpan.FromDays(Number(weeks.Groups[1]) * 7)
                : TimeSpan.FromDays(Number(parts!.Groups["d"])) + TimeSpan.FromHours(Number(parts.Groups["h"]))
                    + TimeSpan.FromMinutes(Number(parts.Groups["m"])) + TimeSpan.FromSeconds(Number(parts.Groups["s"]));
        }
        catch (OverflowException)
        {
            duration = TimeSpan.MaxValue;
        }

        if (duration < shortest || duration > longest)
        {
            problem = $"Must be at least {Format(shortest)} and at most {Format(longest)}.";
            return null;
        }

        return duration;
    }

    /// <summary>The canonical text of <paramref name="duration"/>: days, then hours, minutes and seconds that are not zero.</summary>
    public static string? Format(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return null;
        }

        var text = new StringBuilder("P");
        if (d.Days > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{d.Days}D");
        }

        if (d.Hours > 0 || d.Minutes > 0 || d.Seconds > 0)
        {
            text.Append('T');
            Append(text, d.Hours, 'H');
            Append(text, d.Minutes, 'M');
            Append(text, d.Seconds, 'S');
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, int value, char unit)
    {
        if (value > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value}{unit}");
        }
    }

    private static double Number(Group group) =>
        group.Success ? double.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^P([0-9]{1,6})W$", RegexOptions.CultureInvariant)]
    private static partial Regex WeeksShape();

    [GeneratedRegex("^P(?:(?<d>[0-9]{1,6})D)?(?:T(?:(?<h>[0-9]{1,8})H)?(?:(?<m>[0-9]{1,10})M)?(?:(?<s>[0-9]{1,12})S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PartsShape();
}
