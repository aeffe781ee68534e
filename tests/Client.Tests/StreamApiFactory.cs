using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runtype.Api.Events;
using Runtype.Testing;

namespace Runtype.Client.Tests;

/// <summary>
/// The real API (co-hosted silo, memory store) on real Kestrel sockets, so a connection the server ends is really
/// ended: a small ring and short keep-alive and poll intervals for the stream, and webhooks allowed to target the
/// tests' loopback receivers.
/// </summary>
public sealed class StreamApiFactory : WebApplicationFactory<Program>
{
    public const string OwnerAKey = "client-stream-owner-a";

    public StreamApiFactory() => UseKestrel(0);

    /// <summary>A client of owner A; <paramref name="handlers"/> sit between it and the socket.</summary>
    public RuntypeClient ClientFor(params DelegatingHandler[] handlers) => new(HttpFor(handlers));

    /// <summary>A plain <see cref="HttpClient"/> of owner A with a Bearer key, for what the tests set up by hand.</summary>
    public HttpClient HttpFor(params DelegatingHandler[] handlers)
    {
        var http = CreateDefaultClient(handlers);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OwnerAKey);
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Provider", "memory");
        builder.UseSetting("RateLimit:Enabled", "false");
        builder.UseSetting("Cluster:SiloPort", Ports.Free().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", Ports.Free().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Auth:ApiKeys:0:Key", OwnerAKey);
        builder.UseSetting("Auth:ApiKeys:0:Owner", "owner-a");
        builder.UseSetting("Webhooks:AllowInsecureTargets", "true");
        builder.UseSetting("Webhooks:FirstRetryDelay", "00:00:00.200");
        builder.UseSetting("Webhooks:WakeEvery", "00:00:02");
        builder.ConfigureTestServices(services => services.RemoveAll<EventStreamSettings>().AddSingleton(new EventStreamSettings
        {
            RingCapacity = 32,
            KeepAlive = TimeSpan.FromMilliseconds(500),
            Poll = TimeSpan.FromMilliseconds(200),
            ReadBatch = 8,
        }));
    }
}
