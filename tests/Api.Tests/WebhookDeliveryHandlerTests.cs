using Runtype.Grains.Webhooks;
using Runtype.Hosting;

namespace Runtype.Api.Tests;

/// <summary>
/// Deliveries never go through a proxy: with <c>HTTPS_PROXY</c> set, the connect-time address guard would see the
/// proxy's address and the proxy would then reach any target, private ones included.
/// </summary>
public sealed class WebhookDeliveryHandlerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_delivery_handler_connects_directly_and_only_through_the_address_guard(bool allowInsecure)
    {
        using var handler = WebhookDeliveryServices.DeliveryHandler(new WebhooksOptions { AllowInsecureTargets = allowInsecure });

        Assert.False(handler.UseProxy);
        Assert.Null(handler.Proxy);
        Assert.NotNull(handler.ConnectCallback);
        Assert.False(handler.AllowAutoRedirect);
    }
}
