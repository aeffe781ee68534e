using System.Globalization;

namespace Runtype.Hosting;

public sealed class ClusterOptionsValidator : OptionsValidator<RuntypeClusterOptions>
{
    public override IEnumerable<string> Failures(RuntypeClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Membership is not (RuntypeClusterOptions.Localhost or RuntypeClusterOptions.AdoNet))
        {
            yield return $"Cluster:Membership '{options.Membership}' is not known; use '{RuntypeClusterOptions.Localhost}' or '{RuntypeClusterOptions.AdoNet}'.";
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            yield return "Cluster:ClusterId is empty; give the cluster a name (every silo and API of one cluster uses the same).";
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            yield return "Cluster:ServiceId is empty; give the service a name that stays the same across deployments.";
        }

        foreach (var (key, port) in new[] { ("Cluster:SiloPort", options.SiloPort), ("Cluster:GatewayPort", options.GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{key} {port} is not a TCP port; use 1 to 65535.");
            }
        }

        if (options.SiloPort == options.GatewayPort)
        {
            yield return "Cluster:SiloPort and Cluster:GatewayPort are the same port; give each its own.";
        }
    }
}
