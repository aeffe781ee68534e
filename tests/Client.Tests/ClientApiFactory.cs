using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Testing;

namespace Runtype.Client.Tests;

/// <summary>The real API in-process on the memory store, started once for the collection; the client talks to it through <see cref="Handler"/>.</summary>
public sealed class ClientApiFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "client-test-owner-a";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Provider", "memory");
        builder.UseSetting("RateLimit:Enabled", "false");
        builder.UseSetting("Webhooks:AllowInsecureTargets", "true");
        // The email surfaces here point at loopback ports nothing listens on: polls and sends fail at once, and nothing leaves the machine.
        builder.UseSetting("Email:AllowPrivateHosts", "true");
        builder.UseSetting("Cluster:SiloPort", Ports.Free().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", Ports.Free().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Auth:ApiKeys:0:Key", ApiKey);
        builder.UseSetting("Auth:ApiKeys:0:Owner", "client-owner-a");
    }

    /// <summary>A handler into the in-process server (what a socket would be).</summary>
    public HttpMessageHandler Handler() => Server.CreateHandler();

    /// <summary>
    /// A client registered the way an application does (<c>AddRuntypeClient</c>), with <paramref name="between"/> placed
    /// between its retry pipeline and the server, so they see every attempt.
    /// </summary>
    public RuntypeClient Client(Action<RuntypeClientOptions>? configure = null, params Func<DelegatingHandler>[] between)
    {
        var services = new ServiceCollection();
        var builder = services.AddRuntypeClient(o =>
        {
            o.BaseAddress = new Uri("http://localhost/");
            o.ApiKey = ApiKey;
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        }).ConfigurePrimaryHttpMessageHandler(Handler);
        foreach (var handler in between)
        {
            builder.AddHttpMessageHandler(handler);
        }

        return services.BuildServiceProvider().GetRequiredService<RuntypeClient>();
    }
}

[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<ClientApiFactory>
{
    public const string Name = "client";
}
