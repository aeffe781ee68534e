using System.Globalization;
using Runtype.Grains;

namespace Runtype.Hosting;

public sealed class InactivityOptionsValidator : OptionsValidator<InactivityOptions>
{
    private static readonly TimeSpan MinCheckEvery = TimeSpan.FromSeconds(1);

    // Orleans refuses a reminder due later than about 49.7 days (2^32 - 2 milliseconds).
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(45);

    public override IEnumerable<string> Failures(InactivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CheckEvery < MinCheckEvery || options.CheckEvery > TimeSpan.FromHours(1))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Inactivity:CheckEvery {options.CheckEvery} is outside 00:00:01 to 01:00:00; timers fire within this of their due time.");
        }

        if (options.LongestWait < options.CheckEvery || options.LongestWait > MaxWait)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Inactivity:LongestWait {options.LongestWait} must lie between Inactivity:CheckEvery and 45.00:00:00 (Orleans reminders wait at most about 49 days).");
        }
    }
}
