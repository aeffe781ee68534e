using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runtype.Api.Events;

namespace Runtype.Api.Tests;

/// <summary>
/// An API host on real Kestrel sockets (so a client that stops reading really pushes back on the server), with a
/// small ring and short keep-alive and poll intervals, so the stream's limits show within a test's time.
/// </summary>
public class EventStreamFactory : ApiFactory
{
    public static readonly EventStreamSettings Settings = new()
    {
        RingCapacity = 32,
        KeepAlive = TimeSpan.FromMilliseconds(500),
        Poll = TimeSpan.FromMilliseconds(200),
        ReadBatch = 8,
    };

    public EventStreamFactory() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.RemoveAll<EventStreamSettings>().AddSingleton(StreamSettings));
    }

    protected virtual EventStreamSettings StreamSettings => Settings;
}

/// <summary>The same host with the contract's own 15 s keep-alive, for what must happen before the first one.</summary>
public sealed class QuietEventStreamFactory : EventStreamFactory
{
    protected override EventStreamSettings StreamSettings { get; } = new();
}
