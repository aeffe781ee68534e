using Microsoft.Extensions.Options;
using Runtype.Api.Extensions;
using Runtype.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddRuntypeApi();

    var app = builder.Build();
    app.UseRuntypeApi();
    await SchemaCheck.BeforeStartAsync(app.Services);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is StartupConfigurationException or OptionsValidationException or InvalidOperationException { Source: "Runtype.Api" })
{
    await Console.Error.WriteLineAsync($"Runtype API cannot start: {ex.Message}");
    return 2;
}

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
