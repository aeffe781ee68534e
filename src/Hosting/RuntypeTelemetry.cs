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
/// OpenTelemetry for every host: traces of grain calls and database commands, metrics of Orleans and the domain,
/// exported over OTLP. Only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: otherwise nothing is registered,
/// no activity is started for tracing and nothing is exported.
/// </summary>
public static class RuntypeTelemetry
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
    }

    /// <summary>Registers OpenTelemetry when enabled and returns its builder for host-specific additions; null otherwise.</summary>
    public static IOpenTelemetryBuilder? AddRuntypeTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!IsEnabled(configuration))
        {
            return null;
        }

        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName, RuntypeTracing.SourceName)
                .AddNpgsql()
                .AddSqlClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(RuntypeMetrics.MeterName, "Microsoft.Orleans")
                .AddNpgsqlInstrumentation())
            .UseOtlpExporter();
    }
}
