using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Runtype.Hosting;

public static class ClusteringClientBuilderExtensions
{
    /// <summary>How an external client (the API in client mode) finds the cluster's gateways: the same section <c>Cluster</c>.</summary>
    public static IClientBuilder UseRuntypeClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cluster = OptionsReading.Cluster(configuration);
        if (RuntypeTelemetry.TracesEnabled(configuration))
        {
            client.AddActivityPropagation();
        }

        switch (cluster.Membership)
        {
            case RuntypeClusterOptions.Localhost:
                return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            case RuntypeClusterOptions.AdoNet:
                var sql = SqlSettings.ReadOnce(client.Services, configuration);
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
                // The client reads the membership table too; the silos migrate, the client only checks.
                client.Services.AddRuntypeSchemaCheck(sql);
                return client.UseAdoNetClustering(options =>
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
