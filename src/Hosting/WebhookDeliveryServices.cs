using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Polly;
using Runtype.Grains.Webhooks;

namespace Runtype.Hosting;

/// <summary>What a silo needs to deliver webhooks: the options and the one HTTP client every delivery goes through.</summary>
public static class WebhookDeliveryServices
{
    /// <summary>
    /// The <see cref="WebhookSender.ClientName"/> client: a timeout of <c>Webhooks:Timeout</c> from the resilience
    /// pipeline (retries are the delivery grain's, with its backoff, never the client's), redirects not followed,
    /// no cookies, every connection through <see cref="WebhookConnector"/>'s address guard, and no request logging
    /// (a URL may carry a receiver's token). No proxy, whatever <c>HTTPS_PROXY</c> says: through a proxy the guard would
    /// check the proxy's address, and the proxy would connect to any target (<see cref="DeliveryHandler"/>).
    /// </summary>
    public static IServiceCollection AddRuntypeWebhookDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WebhooksOptions, WebhooksOptionsValidator>(configuration, WebhooksOptions.Section);
        services.TryAddSingleton<WebhookSender>();

        // Orleans refuses reminder periods under a minute unless told otherwise; tests wake deliveries every few seconds.
        services.AddOptions<ReminderOptions>().Configure<IOptions<WebhooksOptions>>((reminders, webhooks) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, webhooks.Value.WakeEvery.Ticks)));
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => DeliveryHandler(sp.GetRequiredService<IOptions<WebhooksOptions>>().Value))
            .RemoveAllLoggers()
            .AddResilienceHandler("webhook", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<WebhooksOptions>>().Value.Timeout));
        return services;
    }

    /// <summary>The handler every delivery connects through: direct connections only, each checked by the address guard.</summary>
    public static SocketsHttpHandler DeliveryHandler(WebhooksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.Timeout,
            ConnectCallback = WebhookConnector.Guard(options.AllowInsecureTargets),
        };
    }
}
