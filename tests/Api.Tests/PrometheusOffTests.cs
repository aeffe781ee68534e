using System.Net;

namespace Runtype.Api.Tests;

/// <summary>Outside Development, and unless <c>Metrics:Prometheus:Enabled</c> says otherwise, there is no <c>/metrics</c>.</summary>
[Collection(ApiCollection.Name)]
public sealed class PrometheusOffTests(ApiFactory factory)
{
    [Fact]
    public async Task Metrics_are_not_served_by_default_outside_Development()
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
