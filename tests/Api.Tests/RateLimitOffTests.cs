using System.Net;

namespace Runtype.Api.Tests;

/// <summary>With rate limiting off nothing is counted, so no answer may advertise a budget.</summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitOffTests(ApiFactory factory)
{
    [Fact]
    public async Task With_limiting_off_no_answer_carries_a_rate_limit_field()
    {
        using var client = factory.ClientFor(ApiFactory.OwnerAKey);
        using var listed = await client.GetAsync(ApiClientExtensions.Conversations);
        using var missing = await client.GetAsync($"{ApiClientExtensions.Conversations}/conv_01JAAAAAAAAAAAAAAAAAAAAAAA");

        foreach (var response in new[] { listed, missing })
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, response.StatusCode.ToString());
            var names = response.Headers.Select(h => h.Key).ToList();
            Assert.DoesNotContain(names, name => name.StartsWith("RateLimit", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("X-RateLimit", StringComparison.OrdinalIgnoreCase));
        }
    }
}
