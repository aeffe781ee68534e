using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Runtype.Api.Auth;

namespace Runtype.Api.RateLimiting;

/// <summary>
/// The token bucket of every API key, kept in one place so that an answer can say what is left in the bucket its
/// request drew from, in the <c>RateLimit-Policy</c> and <c>RateLimit</c> fields of the IETF httpapi draft
/// "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-11).
/// Requests without a key get no bucket: authorization refuses them, and a stranger cannot drain a customer's bucket.
/// </summary>
public sealed class KeyRateLimiter : IDisposable
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string LimitHeader = "RateLimit";

    /// <summary>The one policy, named in both fields so a client can pair them.</summary>
    public const string PolicyName = "api-key";

    /// <summary>Tokens arrive once a period; the period is also the effective window (t) of what is left.</summary>
    private static readonly TimeSpan ReplenishmentPeriod = TimeSpan.FromSeconds(1);

    private readonly RateLimitOptions _options;
    private readonly string _policy;

    public KeyRateLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        // A token bucket has no fixed window; the one that describes it is the time an empty bucket takes to fill,
        // so q/w is the sustained rate and q the burst.
        var window = (int)Math.Ceiling((double)_options.Burst / _options.PermitsPerSecond);
        _policy = string.Create(CultureInfo.InvariantCulture, $"\"{PolicyName}\";q={_options.Burst};w={window}");
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
    }

    /// <summary>The limiter the rate-limiting middleware enforces, one partition per API key.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>
    /// Reads what is left in the request's bucket now, after its own token was taken or refused, and writes both
    /// fields when the answer starts: the exception handler clears headers before writing its problem, and such an
    /// answer was counted too.
    /// </summary>
    public void Report(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (KeyOf(context) is null)
        {
            return;
        }

        var left = Math.Max(0, Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0);
        var limit = string.Create(CultureInfo.InvariantCulture, $"\"{PolicyName}\";r={left};t={(int)ReplenishmentPeriod.TotalSeconds}");
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[PolicyHeader] = _policy;
            context.Response.Headers[LimitHeader] = limit;
            return Task.CompletedTask;
        });
    }

    public void Dispose() => Limiter.Dispose();

    private static string? KeyOf(HttpContext context) => context.User.FindFirst(ApiKeyMiddleware.KeyIdClaimType)?.Value;

    private RateLimitPartition<string> Partition(HttpContext context)
    {
        var key = KeyOf(context);
        if (key is null)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = _options.Burst,
            TokensPerPeriod = _options.PermitsPerSecond,
            ReplenishmentPeriod = ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
