using Microsoft.Extensions.Configuration;

namespace Runtype.Hosting;

/// <summary>
/// The sections Orleans' configuration depends on, read and checked while the host is being built: membership and
/// storage providers must be chosen before the service provider, and the validated options it holds, exist.
/// </summary>
public static class OptionsReading
{
    public static StorageOptions Storage(IConfiguration configuration) =>
        new StorageOptionsValidator().Read(configuration, StorageOptions.Section, () => new StorageOptions());

    public static RuntypeClusterOptions Cluster(IConfiguration configuration) =>
        new ClusterOptionsValidator().Read(configuration, RuntypeClusterOptions.Section, () => new RuntypeClusterOptions());

    /// <summary>Read while the host is built: whether metrics are exported at all depends on it.</summary>
    public static PrometheusOptions Prometheus(IConfiguration configuration) =>
        new PrometheusOptionsValidator().Read(configuration, PrometheusOptions.Section, () => new PrometheusOptions());
}
