using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Runtype.Client;

/// <summary>
/// The API over one <see cref="HttpClient"/> (from <see cref="IHttpClientFactory"/> when registered with
/// <c>AddRuntypeClient</c>). Split by resource into partial files.
/// </summary>
/// <remarks>
/// Constructed directly over an <see cref="HttpClient"/> of your own, the client does not retry unless that client's
/// handlers do; <see cref="Create"/> builds one with the same retry pipeline as <c>AddRuntypeClient</c>.
/// </remarks>
public sealed partial class RuntypeClient(HttpClient http)
{
    /// <summary>The client's <see cref="HttpClient"/> (base address and authorization already set).</summary>
    internal HttpClient Http { get; } = http ?? throw new ArgumentNullException(nameof(http));

    /// <summary>
    /// A client without dependency injection, with the same retry pipeline as <c>AddRuntypeClient</c>, over
    /// <paramref name="innerHandler"/> (a new <see cref="SocketsHttpHandler"/> when null). The caller owns the
    /// returned client's lifetime; keep one per API and reuse it.
    /// </summary>
    public static RuntypeClient Create(RuntypeClientOptions options, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        RuntypeResilience.Configure(pipeline, options);
        var handler = new ResilienceHandler(pipeline.Build())
        {
            InnerHandler = innerHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
        var http = new HttpClient(handler, disposeHandler: true);
        Configure(http, options);
        return new RuntypeClient(http);
    }

    internal static void Configure(HttpClient http, RuntypeClientOptions options)
    {
        if (options.BaseAddress is null)
        {
            throw new InvalidOperationException("RuntypeClientOptions.BaseAddress is required.");
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            throw new InvalidOperationException("RuntypeClientOptions.ApiKey is required.");
        }

        // Relative paths resolve under the base address only when it ends with a slash.
        var address = options.BaseAddress.OriginalString;
        http.BaseAddress = address.EndsWith('/') ? options.BaseAddress : new Uri(address + "/", UriKind.Absolute);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);

        // Retries and their attempt timeouts sit below this; the overall budget is the caller's token.
        http.Timeout = Timeout.InfiniteTimeSpan;
    }
}
