using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Runtype.Hosting;

public static class ClusteringSiloBuilderExtensions
{
    /// <summary>Cluster identity, endpoints and membership from section <c>Cluster</c>.</summary>
    public static ISiloBuilder UseRuntypeClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var cluster = OptionsReading.Cluster(configuration);
        switch (cluster.Membership)
        {
            case RuntypeClusterOptions.Localhost:
                return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            case RuntypeClusterOptions.AdoNet:
                var sql = SqlSettings.ReadOnce(silo.Services, configuration);
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
                if (string.IsNullOrEmpty(cluster.AdvertisedAddress))
                {
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(AdvertisedAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }

                return silo.UseAdoNetClustering(options =>
                {
                    options.Invariant = sql.Dialect.Invariant;
                    options.ConnectionString = sql.ConnectionString;
                });
            default:
                // ClusterOptionsValidator has refused any other membership.
                throw new UnreachableException();
        }
    }
}
