using System.Globalization;

namespace Runtype.Hosting;

public sealed class PrometheusOptionsValidator : OptionsValidator<PrometheusOptions>
{
    public override IEnumerable<string> Failures(PrometheusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 1 or > 65535)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"Metrics:Prometheus:Port {options.Port} is not a TCP port; use 1 to 65535, or remove it to serve /metrics on the API's own port.");
        }
    }
}
