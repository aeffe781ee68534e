using Microsoft.Extensions.Hosting;
using Runtype.Silo;

var builder = Host.CreateApplicationBuilder(args);
try
{
    builder.UseOrleans(silo => silo.UseRuntypeLocalClustering(builder.Configuration).AddRuntype(builder.Configuration));
    await builder.Build().RunAsync();
}
catch (StartupConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"Runtype silo cannot start: {ex.Message}");
    return 2;
}

return 0;
