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

    // A silo has no web server: Prometheus scrapes the exporter's own listener, on every interface of the host. The
    // exporter builds a URI from Host, which "+" is not, so the wildcard prefix replaces its default one instead.
    builder.Services.AddRuntypeTelemetry(builder.Configuration, "runtype-silo", prometheus: (metrics, options) =>
        metrics.AddPrometheusHttpListener(listener =>
        {
            listener.Port = options.Port ?? PrometheusOptions.SiloDefaultPort;
            listener.ConfigureHttpListener = static (settings, http) =>
            {
                http.Prefixes.Clear();
                http.Prefixes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://+:{settings.Port}/metrics/"));
            };
        }));
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
