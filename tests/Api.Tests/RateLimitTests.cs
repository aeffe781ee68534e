using System.Net;

namespace Runtype.Api.Tests;

/// <summary>Each API key has its own request budget; over it the answer is a 429 with Retry-After.</summary>
public sealed class RateLimitTests(RateLimitTests.LimitedApiFactory factory) : IClassFixture<RateLimitTests.LimitedApiFactory>
{
    [Fact]
    public async Task A_key_over_its_burst_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        using var busy = factory.ClientFor(ApiFactory.OwnerAKey);
        using var quiet = factory.ClientFor(ApiFactory.OwnerBKey);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < LimitedApiFactory.Burst + 5 && limited is null; i++)
        {
            var response = await busy.GetAsync(ApiClientExtensions.Conversations);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without a Retry-After of at least a second");
        }

        // The burst was served in full before the first refusal.
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= LimitedApiFactory.Burst - 1, string.Join(",", statuses));
        using var other = await quiet.GetAsync(ApiClientExtensions.Conversations);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_refused_by_auth_not_counted_against_anyone()
    {
        using var stranger = factory.ClientFor("rt_not_a_key");
        for (var i = 0; i < LimitedApiFactory.Burst * 3; i++)
        {
            using var response = await stranger.GetAsync(ApiClientExtensions.Conversations);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    /// <summary>The API with a limit small enough to reach: 5 requests at once, 1 a second after that.</summary>
    public sealed class LimitedApiFactory : ApiFactory
    {
        public const int Burst = 5;

        protected override bool RateLimited => true;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimit:Burst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("RateLimit:PermitsPerSecond", "1");
        }
    }
}
