using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Runtype.Api.Auth;
using Runtype.Api.Http;
using Runtype.Silo;

namespace Runtype.Api.RateLimiting;

/// <summary>
/// Per-key limits with ASP.NET Core's rate-limiting middleware: each authenticated key has its own token bucket;
/// a request over the limit is a 429 problem with Retry-After. Unauthenticated requests are not limited here
/// (authorization refuses them anyway), so a stranger's bad key cannot drain a customer's bucket.
/// </summary>
public static class KeyRateLimiting
{
    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(configuration, RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var key = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaimType)?.Value;
                if (key is null)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                rejected.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblems.TooManyRequests().ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    /// <summary>The middleware, only when limiting is on: switched off, it would still cost every request a lookup.</summary>
    public static WebApplication UseKeyRateLimiting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }
}
