using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Webhooks;
using Runtype.Testing;

namespace Runtype.Api.Tests;

/// <summary>
/// With production's rules, a delivery connects only to public addresses, whatever the endpoint's URL said when it
/// was registered (a DNS answer can change later); these endpoints are registered on the grain, past the API's own
/// check, as a name that later resolves to loopback would be.
/// </summary>
public sealed class WebhookTargetGuardTests(SecureWebhookFactory factory) : IClassFixture<SecureWebhookFactory>
{
    [Fact]
    public async Task A_delivery_to_a_loopback_address_is_refused_at_connect_time_and_never_reaches_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var url = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri.ToString();
        var created = await grains.GetGrain<IWebhooksGrain>("owner-b").Create(new WebhookDraft(url, null, null));
        using var client = factory.ClientFor(ApiFactory.OwnerBKey);
        await client.CreateConversationAsync();

        var delivery = grains.GetGrain<IWebhookDeliveryGrain>(GrainKeys.Compose("owner-b", created!.Webhook.Id));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<WebhookDelivery> log = [];
        while (log.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            log = await delivery.Recent(10);
        }

        var attempt = Assert.Single(log.Take(1));
        Assert.Equal(DeliveryOutcome.Retrying, attempt.Outcome);
        Assert.Null(attempt.StatusCode);
        Assert.Equal("refused: the target resolves to no public address", attempt.Error);
        Assert.Empty(receiver.Received);
    }
}
