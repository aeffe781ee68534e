using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Runtype.Client;

/// <summary>
/// The retry pipeline every request goes through: the same for <c>AddRuntypeClient</c> and <see cref="RuntypeClient.Create"/>.
/// Retrying every method is safe because each POST carries an <c>Idempotency-Key</c> set on the request above this
/// pipeline, so every attempt re-sends the same key and the API replays the first answer instead of writing twice.
/// </summary>
internal static class RuntypeResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, RuntypeClientOptions options)
    {
        builder
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>
    /// A 500 is not here: it is a fault of the server, not a passing condition, and retrying it hides the bug. A 409
    /// with <c>Retry-After</c> is: the API says an earlier attempt with this Idempotency-Key is still running (after
    /// an attempt timed out here, say), and asking again later gets its answer.
    /// </summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { StatusCode: HttpStatusCode.Conflict, Headers.RetryAfter: not null } } => true,
        { Result.StatusCode: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };
}
