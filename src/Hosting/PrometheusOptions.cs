namespace Runtype.Hosting;

/// <summary>
/// Prometheus scraping of the metrics. Section <c>Metrics:Prometheus</c>. The API answers <c>GET /metrics</c> on
/// its own port, or only on <see cref="Port"/> when that is set, so the metrics need not be reachable where the API
/// is; a standalone silo has no web server and answers on <see cref="Port"/> (<see cref="SiloDefaultPort"/> when not set).
/// </summary>
public sealed class PrometheusOptions
{
    public const string Section = "Metrics:Prometheus";

    /// <summary>The port registered for OpenTelemetry's Prometheus exporter, which a silo listens on unless told otherwise.</summary>
    public const int SiloDefaultPort = 9464;

    /// <summary>Off unless set: the API's <c>appsettings.Development.json</c> turns it on.</summary>
    public bool Enabled { get; set; }

    public int? Port { get; set; }
}
