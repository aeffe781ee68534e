using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Runtype.Api.Shared;
using Runtype.Hosting;

namespace Runtype.Api.RateLimiting;

/// <summary>
/// Per-key limits with ASP.NET Core's rate-limiting middleware: each authenticated key has its own token bucket
/// (<see cref="KeyRateLimiter"/>); a request over the limit is a 429 problem with Retry-After, and every answer to a
/// limited request carries the RateLimit-Policy and RateLimit fields.
/// </summary>
public static class KeyRateLimiting
{
    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(configuration, RateLimitOptions.Section);
        services.AddSingleton<KeyRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<KeyRateLimiter>((limiter, keys) =>
        {
            limiter.GlobalLimiter = keys.Limiter;
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                rejected.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                keys.Report(rejected.HttpContext);
                await ApiProblems.TooManyRequests().ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    /// <summary>
    /// The middleware and the fields, only when limiting is on: switched off, it would still cost every request a
    /// lookup, and the fields would promise a budget nobody enforces.
    /// </summary>
    public static WebApplication UseKeyRateLimiting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
            var keys = app.Services.GetRequiredService<KeyRateLimiter>();
            app.Use((context, next) =>
            {
                keys.Report(context);
                return next(context);
            });
        }

        return app;
    }
}
