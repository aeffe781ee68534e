using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Runtype.Api.Shared;

/// <summary>
/// Kestrel's limits, chosen rather than inherited (docs/reliability.md lists them): what a request may weigh and
/// how slowly a client may send it before the connection is dropped.
/// </summary>
public static class KestrelLimits
{
    public const int MaxHeaderCount = 64;
    public const int MaxHeadersTotalBytes = 32 * 1024;
    public const int MaxRequestLineBytes = 8 * 1024;
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(60);

    public static void Apply(KestrelServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.AddServerHeader = false;
        var limits = server.Limits;

        // The contract's 1 MiB body limit; JsonBody enforces it again for hosts that are not Kestrel.
        limits.MaxRequestBodySize = JsonBody.MaxBytes;

        // Our requests carry a handful of headers; 64 and 32 KiB leave room for proxies and tracing.
        limits.MaxRequestHeaderCount = MaxHeaderCount;
        limits.MaxRequestHeadersTotalSize = MaxHeadersTotalBytes;
        limits.MaxRequestLineSize = MaxRequestLineBytes;

        // Slow clients: headers must arrive within 10 s, and a body at 240 bytes/s or more after a 5 s grace;
        // idle keep-alive connections close after 60 s.
        limits.RequestHeadersTimeout = HeadersTimeout;
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        limits.KeepAliveTimeout = KeepAliveTimeout;
    }
}
