using System.Globalization;

namespace Runtype.Hosting;

public sealed class EventsOptionsValidator : OptionsValidator<EventsOptions>
{
    public override IEnumerable<string> Failures(EventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RetentionDays < 1)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Events:RetentionDays {options.RetentionDays} keeps no events; use 1 or more days.");
        }
    }
}
