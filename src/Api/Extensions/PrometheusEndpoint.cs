using System.Globalization;
using OpenTelemetry.Metrics;
using Runtype.Hosting;

namespace Runtype.Api.Extensions;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, when <c>Metrics:Prometheus:Enabled</c>. No API key is asked
/// for: the figures carry no content and no owner's data (docs/configuration.md), and a scraper holding a key would
/// be one more secret to keep. With <c>Metrics:Prometheus:Port</c> the server listens on that port as well and
/// answers <c>/metrics</c> there only, so the metrics can stay inside the cluster's network while the API is public.
/// </summary>
internal static class PrometheusEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The exporter, and the metrics port among the server's addresses.</summary>
    public static void AddPrometheusScraping(this WebApplicationBuilder builder, MeterProviderBuilder metrics, PrometheusOptions options)
    {
        metrics.AddPrometheusExporter();
        if (options.Port is { } port)
        {
            ListenAlsoOn(builder, port);
        }
    }

    /// <summary>
    /// With a metrics port, that port answers <c>/metrics</c> and nothing else (404, before any key is asked for): a port
    /// opened to the cluster's network for Prometheus does not also serve the API there.
    /// </summary>
    public static void UseMetricsPortForMetricsOnly(this WebApplication app)
    {
        if (OptionsReading.Prometheus(app.Configuration) is not { Enabled: true, Port: { } port })
        {
            return;
        }

        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port || context.Request.Path.StartsWithSegments(Path, StringComparison.Ordinal))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    public static void MapPrometheusScraping(this WebApplication app)
    {
        var options = OptionsReading.Prometheus(app.Configuration);
        if (!options.Enabled)
        {
            return;
        }

        // The port the connection came in on, not the Host header (RequireHost): a header is the client's to write,
        // and a scraper behind a port mapping sends the mapped port.
        Action<IApplicationBuilder>? onlyOnPort = options.Port is { } port
            ? branch => branch.Use((context, next) =>
            {
                if (context.Connection.LocalPort == port)
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            })
            : null;
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, onlyOnPort, optionsName: null).AllowAnonymous();
    }

    /// <summary>
    /// Kestrel listens either on the configured URLs or on endpoints set in code or under <c>Kestrel:Endpoints</c>,
    /// never both, so the metrics port joins the URLs the host would use otherwise: <c>urls</c>
    /// (<c>ASPNETCORE_URLS</c>, <c>--urls</c>), else <c>http_ports</c>/<c>https_ports</c>
    /// (<c>ASPNETCORE_HTTP_PORTS</c>, as in our container image), else Kestrel's default.
    /// </summary>
    private static void ListenAlsoOn(WebApplicationBuilder builder, int port)
    {
        var configuration = builder.Configuration;
        var split = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        List<string> urls = configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured
            ? [.. configured.Split(';', split)]
            : [.. Ports(WebHostDefaults.HttpPortsKey, "http"), .. Ports(WebHostDefaults.HttpsPortsKey, "https")];
        if (urls.Count == 0)
        {
            urls.Add("http://localhost:5000");
        }

        urls.Add(string.Create(CultureInfo.InvariantCulture, $"http://*:{port}"));
        builder.WebHost.UseUrls([.. urls]);

        IEnumerable<string> Ports(string key, string scheme) =>
            (configuration[key] ?? "").Split(';', split).Select(p => $"{scheme}://*:{p}");
    }
}
