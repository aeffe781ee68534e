using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runtype.Grains.Secrets;
using Runtype.Hosting;

namespace Runtype.Grains.Tests;

/// <summary>Secrets protected on one silo of a cluster are opened on another: <c>AddRuntype</c> gives every silo the store's key ring.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SecretProtectorTests(ClusterFixture fixture)
{
    [Fact]
    public void A_secret_protected_on_one_silo_is_opened_on_the_other()
    {
        var silos = fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<ISecretProtector>()).ToList();

        var stored = silos[0].Protect("smtp password");

        Assert.Equal(2, silos.Count);
        Assert.Equal("smtp password", silos[1].Unprotect(stored));
        Assert.Single(fixture.KeyRing.GetAllElements());
    }

    /// <summary>
    /// Hosted services start one after another in the order they were added. Data Protection's loads the key ring
    /// when it starts, so it must start after the silo's, whose start-up loads it under the key ring's lock
    /// (<see cref="KeyRingAtStartup"/>) once the migrations have run.
    /// </summary>
    [Fact]
    public void Data_Protection_loads_the_key_ring_after_the_silo_has_started()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddRuntype(new ConfigurationBuilder().Build()));
        using var host = builder.Build();

        var started = host.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        var silo = started.IndexOf("SiloHostedService");
        var dataProtection = started.IndexOf("DataProtectionHostedService");

        Assert.True(silo >= 0 && dataProtection > silo, $"hosted services start in this order: {string.Join(", ", started)}");
        Assert.Single(host.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<KeyRingAtStartup>());
    }
}
