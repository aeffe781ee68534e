using System.Globalization;
using System.Net;

namespace Runtype.Api.Tests;

/// <summary>
/// Each API key has its own request budget; over it the answer is a 429 with Retry-After, and every limited answer
/// says the policy and what is left (RateLimit-Policy and RateLimit, IETF draft-ietf-httpapi-ratelimit-headers).
/// </summary>
public sealed class RateLimitTests(RateLimitTests.LimitedApiFactory factory) : IClassFixture<RateLimitTests.LimitedApiFactory>
{
    [Fact]
    public async Task A_key_over_its_burst_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        using var busy = factory.ClientFor(ApiFactory.OwnerAKey);
        using var quiet = factory.ClientFor(ApiFactory.OwnerBKey);

        var (limited, statuses) = await SpendUntilLimitedAsync(busy);

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

    [Fact]
    public async Task Every_limited_answer_carries_the_configured_policy_and_a_remaining_budget_that_falls_request_by_request()
    {
        using var client = factory.ClientFor(LimitedApiFactory.HeadersKey);
        var remaining = new List<int>();
        for (var i = 0; i < LimitedApiFactory.Burst; i++)
        {
            using var response = await client.GetAsync(ApiClientExtensions.Conversations);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(LimitedApiFactory.Policy, Single(response, "RateLimit-Policy"));
            remaining.Add(Remaining(response));
        }

        // A fresh bucket holds Burst; each request takes one. A token may arrive between two requests (one a
        // second), so a step can be 0, never up, and at most one such step in a run this short.
        Assert.Equal(LimitedApiFactory.Burst - 1, remaining[0]);
        var steps = remaining.Zip(remaining.Skip(1), (before, after) => after - before).ToList();
        Assert.True(steps.All(step => step is -1 or 0), string.Join(",", remaining));
        Assert.True(steps.Count(step => step == -1) >= steps.Count - 1, string.Join(",", remaining));
    }

    [Fact]
    public async Task A_429_carries_the_fields_with_nothing_left_and_another_keys_budget_is_its_own()
    {
        using var busy = factory.ClientFor(LimitedApiFactory.DrainedKey);
        using var fresh = factory.ClientFor(LimitedApiFactory.SpareKey);

        var (limited, _) = await SpendUntilLimitedAsync(busy);

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.Equal(LimitedApiFactory.Policy, Single(limited, "RateLimit-Policy"));
            Assert.Equal(0, Remaining(limited));
            // The draft asks that Retry-After not end before the effective window (t) does.
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        }

        using var other = await fresh.GetAsync(ApiClientExtensions.Conversations);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(LimitedApiFactory.Burst - 1, Remaining(other));
    }

    private static string Single(HttpResponseMessage response, string header)
    {
        Assert.True(response.Headers.TryGetValues(header, out var values), $"{(int)response.StatusCode} without {header}");
        return Assert.Single(values);
    }

    /// <summary>r of the one service limit item, which must name the policy and carry t=1 (tokens arrive each second).</summary>
    private static int Remaining(HttpResponseMessage response)
    {
        const string prefix = "\"api-key\";r=", suffix = ";t=1";
        var value = Single(response, "RateLimit");
        Assert.True(value.StartsWith(prefix, StringComparison.Ordinal) && value.EndsWith(suffix, StringComparison.Ordinal), value);
        return int.Parse(value.AsSpan(prefix.Length, value.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Requests until the key is refused (a little past its burst at most): the 429, and every status seen.</summary>
    private static async Task<(HttpResponseMessage? Limited, List<HttpStatusCode> Statuses)> SpendUntilLimitedAsync(HttpClient client)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LimitedApiFactory.Burst + 5; i++)
        {
            var response = await client.GetAsync(ApiClientExtensions.Conversations);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (response, statuses);
            }

            response.Dispose();
        }

        return (null, statuses);
    }

    /// <summary>The API with a limit small enough to reach: 5 requests at once, 1 a second after that.</summary>
    public sealed class LimitedApiFactory : ApiFactory
    {
        public const int Burst = 5;

        /// <summary>Burst 5 at 1 a second: 5 at once, 5 every 5 seconds sustained.</summary>
        public const string Policy = "\"api-key\";q=5;w=5";

        // Keys of their own, so no test starts on a bucket another test drew from.
        public const string HeadersKey = "test-rate-headers";
        public const string DrainedKey = "test-rate-drained";
        public const string SpareKey = "test-rate-spare";

        protected override bool RateLimited => true;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimit:Burst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("RateLimit:PermitsPerSecond", "1");
            var next = 5;
            foreach (var key in new[] { HeadersKey, DrainedKey, SpareKey })
            {
                builder.UseSetting($"Auth:ApiKeys:{next}:Key", key);
                builder.UseSetting($"Auth:ApiKeys:{next++}:Owner", "owner-rate");
            }
        }
    }
}
