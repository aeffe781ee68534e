using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using Runtype.Hosting;
using Runtype.Testing;

namespace Runtype.Testing;

/// <summary>A test cluster on <paramref name="database"/>'s storage whose silos and client find each other through its membership table.</summary>
internal static class AdoNetCluster
{
    public static TestClusterBuilder Builder(TestDatabase database, int silos, bool fastFailureDetection = false)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties["Storage:Provider"] = database.Provider;
        builder.Properties["ConnectionStrings:Runtype"] = database.ConnectionString;
        builder.AddSiloBuilderConfigurator<AdoNetMembershipSilo>();
        if (fastFailureDetection)
        {
            builder.AddSiloBuilderConfigurator<FastFailureDetection>();
        }

        builder.AddClientBuilderConfigurator<AdoNetMembershipClient>();
        return builder;
    }
}

/// <summary>
/// A test cluster's silo with ADO.NET membership and Runtype's storage, configured by the production code. The
/// test cluster chose its ports already; <c>Storage:Provider</c> and <c>ConnectionStrings:Runtype</c> come from
/// the builder's properties.
/// </summary>
internal sealed class AdoNetMembershipSilo : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        var (dialect, connectionString) = SqlSettings.ReadOnce(siloBuilder.Services, configuration);
        siloBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = dialect.Invariant;
            options.ConnectionString = connectionString;
        });
        siloBuilder.AddRuntype(configuration);
    }
}

/// <summary>The test cluster's client, finding gateways in the membership table; the cluster id stays the generated one.</summary>
internal sealed class AdoNetMembershipClient : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var (dialect, connectionString) = SqlSettings.ReadOnce(clientBuilder.Services, configuration);
        clientBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = dialect.Invariant;
            options.ConnectionString = connectionString;
        });
    }
}

/// <summary>Declares a dead silo dead in seconds rather than the production default's tens of seconds.</summary>
internal sealed class FastFailureDetection : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
        });
        siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
    }
}
