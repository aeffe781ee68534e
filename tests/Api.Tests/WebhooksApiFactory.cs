using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace Runtype.Api.Tests;

/// <summary>
/// The API host for webhook tests. Each test takes owners of its own (<see cref="ClientForNewOwner"/>): no other
/// test's events are delivered to the endpoints it registers, and it starts below the per-owner endpoint limit.
/// Insecure targets are off, as outside Development, unless a subclass turns them on.
/// </summary>
public class WebhooksApiFactory : ApiFactory
{
    private const int Owners = 32;

    // Well clear of the indexes ApiFactory gives its own keys.
    private const int FirstKeyIndex = 100;

    private int _taken = -1;

    protected virtual bool AllowInsecureTargets => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:AllowInsecureTargets", AllowInsecureTargets ? "true" : "false");
        for (var i = 0; i < Owners; i++)
        {
            var index = (FirstKeyIndex + i).ToString(CultureInfo.InvariantCulture);
            builder.UseSetting($"Auth:ApiKeys:{index}:Key", KeyOf(i));
            builder.UseSetting($"Auth:ApiKeys:{index}:Owner", string.Create(CultureInfo.InvariantCulture, $"webhooks-{i}"));
        }
    }

    /// <summary>A client with every scope for an owner no other test uses.</summary>
    public HttpClient ClientForNewOwner() => NewOwner().Client;

    /// <summary>A client with every scope for an owner no other test uses, and that owner's name (the key of its grains).</summary>
    public (HttpClient Client, string Owner) NewOwner()
    {
        var owner = Interlocked.Increment(ref _taken);
        return owner < Owners
            ? (ClientFor(KeyOf(owner)), string.Create(CultureInfo.InvariantCulture, $"webhooks-{owner}"))
            : throw new InvalidOperationException($"All {Owners} webhook test owners are taken; raise WebhooksApiFactory.Owners.");
    }

    private static string KeyOf(int owner) => string.Create(CultureInfo.InvariantCulture, $"test-webhooks-{owner}");
}

/// <summary>The same host with <c>Webhooks:AllowInsecureTargets</c> on, as Development has it.</summary>
public sealed class InsecureWebhooksApiFactory : WebhooksApiFactory
{
    /// <summary>The redeliveries that may wait for one endpoint here, small enough for a test to reach.</summary>
    public const int MaxWaitingRedeliveries = 3;

    protected override bool AllowInsecureTargets => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:MaxWaitingRedeliveries", MaxWaitingRedeliveries.ToString(CultureInfo.InvariantCulture));
    }
}

[CollectionDefinition(Name)]
public sealed class WebhooksCollection : ICollectionFixture<WebhooksApiFactory>
{
    public const string Name = "webhooks";
}

[CollectionDefinition(Name)]
public sealed class InsecureWebhooksCollection : ICollectionFixture<InsecureWebhooksApiFactory>
{
    public const string Name = "insecure webhooks";
}
