using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Runtype.Grains.Telemetry;

namespace Runtype.Hosting;

/// <summary>
/// OpenTelemetry for every host. Traces (grain calls, database commands) are exported over OTLP, only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Metrics (ours, Orleans', Npgsql's, the .NET runtime's and the host's
/// own) are exported over OTLP then too, and scraped by Prometheus when <c>Metrics:Prometheus:Enabled</c>
/// (<see cref="PrometheusOptions"/>). With neither, nothing is registered: no activity is started for tracing and
/// no instrument is listened to.
/// </summary>
public static class RuntypeTelemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Orleans' own meter: activations, messaging, membership, reminders, storage.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>
    /// The runtime's own meter (GC, heap, working set, thread pool, exceptions, locks), built into .NET 9 and later:
    /// preferred to the OpenTelemetry.Instrumentation.Runtime package, which is one more dependency for the same
    /// figures under its older <c>process.runtime.dotnet.*</c> names, where this one uses the semantic conventions'
    /// <c>dotnet.*</c> names and is kept by the runtime itself.
    /// </summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Whether traces are exported (an OTLP endpoint is set); grain calls carry trace context only then.</summary>
    public static bool TracesEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
    }

    /// <summary>Registers OpenTelemetry when traces or metrics leave the process; nothing otherwise.</summary>
    /// <param name="tracing">The host's own trace sources, added when traces are exported.</param>
    /// <param name="metrics">The host's own meters, added whenever metrics are exported.</param>
    /// <param name="prometheus">The host's Prometheus exporter, added when scraping is enabled.</param>
    public static void AddRuntypeTelemetry(
        this IServiceCollection services, IConfiguration configuration, string serviceName, Action<TracerProviderBuilder>? tracing = null,
        Action<MeterProviderBuilder>? metrics = null, Action<MeterProviderBuilder, PrometheusOptions>? prometheus = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var otlp = TracesEnabled(configuration);
        var scraping = OptionsReading.Prometheus(configuration);
        if (!otlp && !scraping.Enabled)
        {
            return;
        }

        // service.instance.id (a new id each start) tells two silos of one service apart in OTLP back ends and in
        // Prometheus' target_info; a scrape's own instance label does so too.
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, autoGenerateServiceInstanceId: true))
            .WithMetrics(builder =>
            {
                builder.AddMeter(RuntypeMetrics.MeterName, OrleansMeterName, RuntimeMeterName).AddNpgsqlInstrumentation();
                metrics?.Invoke(builder);
                if (scraping.Enabled)
                {
                    prometheus?.Invoke(builder, scraping);
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(builder =>
            {
                builder.AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName, RuntypeTracing.SourceName)
                    .AddNpgsql()
                    .AddSqlClientInstrumentation();
                tracing?.Invoke(builder);
            }).UseOtlpExporter();
        }
    }
}
