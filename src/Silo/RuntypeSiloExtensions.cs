using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runtype.Grains;
using Runtype.Grains.Storage;

namespace Runtype.Silo;

/// <summary>The silo configuration every host shares: the standalone silo, the API's co-hosted silo and test clusters.</summary>
public static class RuntypeSiloExtensions
{
    /// <summary>Adds Runtype's grains' services and the storage that <c>Storage:Provider</c> names.</summary>
    public static ISiloBuilder AddRuntype(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        silo.Services.TryAddSingleton(TimeProvider.System);
        switch (storage.Provider)
        {
            case StorageOptions.Memory:
                silo.AddRuntypeMemoryStorage();
                break;
            default:
                throw new StartupConfigurationException(
                    $"Storage:Provider '{storage.Provider}' is not a storage provider this build knows; use '{StorageOptions.Memory}'.");
        }

        return silo;
    }

    /// <summary>
    /// The embedded store. A store registered before this call wins, which is how an in-process test
    /// cluster gives all its silos one shared store, as a real cluster shares one database.
    /// </summary>
    public static ISiloBuilder AddRuntypeMemoryStorage(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.TryAddSingleton<InMemoryConversationStore>();
        silo.Services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        silo.Services.TryAddSingleton<IConversationIndex>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        silo.AddMemoryGrainStorage(GrainStorageNames.Default);
        return silo;
    }

    /// <summary>Single-machine clustering on loopback with the ports of section <c>Cluster</c>.</summary>
    public static ISiloBuilder UseRuntypeLocalClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var cluster = configuration.GetSection(RuntypeClusterOptions.Section).Get<RuntypeClusterOptions>() ?? new RuntypeClusterOptions();
        return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
    }
}
