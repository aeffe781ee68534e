using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Runtype.Grains.Storage;
using Runtype.Hosting;

namespace Runtype.Grains.Tests;

/// <summary>
/// A real two-silo Orleans cluster in this process, configured exactly as production silos are
/// (<see cref="StorageSiloBuilderExtensions.AddRuntype"/>). Both silos share one store, as real silos share one database.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ClusterFixture()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(Store);
            silo.Services.AddSingleton(GrainState);
            silo.Services.AddSingleton(KeyRing);
            silo.AddRuntype(new ConfigurationBuilder().Build());
        });
        Cluster = builder.Build();
    }

    public InMemoryConversationStore Store { get; } = new();

    /// <summary>The grain state both silos keep, as they would in one database.</summary>
    public InMemoryGrainState GrainState { get; } = new(TimeProvider.System);

    /// <summary>The Data Protection key ring both silos keep secrets under, as they would in one database.</summary>
    public InMemoryXmlRepository KeyRing { get; } = new();

    public InProcessTestCluster Cluster { get; private set; }

    public IGrainFactory Client => Cluster.Client;

    /// <summary>The grain factory inside silo <paramref name="index"/>, for calls that start on that silo.</summary>
    public IGrainFactory SiloGrainFactory(int index) =>
        Cluster.Silos[index].ServiceProvider.GetRequiredService<IGrainFactory>();

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
