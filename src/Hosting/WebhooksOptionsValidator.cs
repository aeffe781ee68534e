using System.Globalization;
using Runtype.Grains.Webhooks;

namespace Runtype.Hosting;

public sealed class WebhooksOptionsValidator : OptionsValidator<WebhooksOptions>
{
    private const int MaxConcurrency = 256;

    // Every waiting redelivery is part of the endpoint's grain state, written whole on each change.
    private const int MaxWaitingRedeliveries = 1000;

    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinWakeEvery = TimeSpan.FromSeconds(1);

    public override IEnumerable<string> Failures(WebhooksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RetryFor <= TimeSpan.Zero)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Webhooks:RetryFor {options.RetryFor} retries nothing; use a positive duration such as 1.00:00:00 (24 hours).");
        }

        if (options.Timeout < MinTimeout || options.Timeout > MaxTimeout)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Webhooks:Timeout {options.Timeout} is outside 00:00:01 to 00:05:00; receivers get that long to answer.");
        }

        if (options.FirstRetryDelay <= TimeSpan.Zero)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Webhooks:FirstRetryDelay {options.FirstRetryDelay} would retry at once; use a positive duration such as 00:00:05.");
        }

        if (options.WakeEvery < MinWakeEvery)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Webhooks:WakeEvery {options.WakeEvery} is shorter than a second; use 00:00:01 or more.");
        }

        if (options.MaxWaitingRedeliveries is < 1 or > MaxWaitingRedeliveries)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Webhooks:MaxWaitingRedeliveries {options.MaxWaitingRedeliveries} is outside 1 to {MaxWaitingRedeliveries}.");
        }

        if (options.Concurrency is < 1 or > MaxConcurrency)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Webhooks:Concurrency {options.Concurrency} is outside 1 to {MaxConcurrency} deliveries in flight per endpoint.");
        }
    }
}
