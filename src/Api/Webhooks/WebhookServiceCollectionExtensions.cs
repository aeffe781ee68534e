using Microsoft.Extensions.DependencyInjection.Extensions;
using Runtype.Grains.Webhooks;
using Runtype.Hosting;

namespace Runtype.Api.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>What registering and changing webhook endpoints needs.</summary>
    public static IServiceCollection AddWebhookManagement(this IServiceCollection services, IConfiguration configuration)
    {
        // Validated here too: in client mode no silo in this process registers the section.
        services.AddValidatedOptions<WebhooksOptions, WebhooksOptionsValidator>(configuration, WebhooksOptions.Section);
        services.TryAddSingleton<WebhookUrlCheck>();
        return services;
    }
}
