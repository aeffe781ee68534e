using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Runtype.Client;

/// <summary>Registers <see cref="RuntypeClient"/> as a typed client of <see cref="IHttpClientFactory"/>.</summary>
public static class RuntypeServiceCollectionExtensions
{
    /// <summary>The name of the resilience handler <c>AddRuntypeClient</c> adds.</summary>
    public const string ResilienceHandlerName = "runtype";

    /// <summary>
    /// Adds <see cref="RuntypeClient"/> with its base address, <c>Authorization: Bearer</c> and the retry pipeline.
    /// Handlers added to the returned builder run inside the pipeline (once per attempt).
    /// </summary>
    public static IHttpClientBuilder AddRuntypeClient(this IServiceCollection services, Action<RuntypeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RuntypeClientOptions>().Configure(configure);
        var builder = services.AddHttpClient<RuntypeClient>((provider, http) =>
            RuntypeClient.Configure(http, provider.GetRequiredService<IOptions<RuntypeClientOptions>>().Value));
        builder.AddResilienceHandler(ResilienceHandlerName, (pipeline, context) =>
            RuntypeResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<RuntypeClientOptions>>().Value));
        return builder;
    }
}
