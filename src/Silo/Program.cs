using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Runtype.Hosting;
using Runtype.Storage.Sql;

var builder = Host.CreateApplicationBuilder(args);
try
{
    if (args.Length > 0 && args[0] == "migrate")
    {
        // dotnet run --project src/Silo -- migrate: apply the schema and exit.
        var (dialect, connectionString) = SqlSettings.Read(builder.Configuration);
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        var applied = await new MigrationRunner(dialect, connectionString, loggers.CreateLogger<MigrationRunner>()).ApplyAsync();
        Console.WriteLine(applied.Count == 0 ? "Schema is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }

    builder.Services.AddRuntypeTelemetry(builder.Configuration, "runtype-silo", prometheus: AddPrometheusListener);
    builder.UseOrleans(silo => silo.UseRuntypeClustering(builder.Configuration).AddRuntype(builder.Configuration));
    var host = builder.Build();
    await SchemaCheck.BeforeStartAsync(host.Services);
    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is StartupConfigurationException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"Runtype silo cannot start: {ex.Message}");
    return 2;
}

/// <summary>
/// A silo has no web server: Prometheus scrapes the exporter's own HttpListener, on every interface of the host. The
/// exporter's Host takes a name or an address, and HttpListener binds every interface only for the "+" wildcard (it
/// refuses 0.0.0.0), so the listener's prefix is replaced once the exporter has made it.
/// </summary>
static void AddPrometheusListener(MeterProviderBuilder metrics, PrometheusOptions options)
{
    var port = options.Port ?? PrometheusOptions.SiloDefaultPort;
    metrics.AddPrometheusHttpListener(exporter =>
    {
        exporter.Port = port;
        exporter.ConfigureHttpListener = (_, listener) =>
        {
            listener.Prefixes.Clear();
            listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://+:{port}/metrics/"));
        };
    });
}
