using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Runtype.Api.Health;

/// <summary>Ready when a grain call reaches the cluster and its membership lists at least one active silo.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(true, timeout.Token).WaitAsync(timeout.Token);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s).")
                : HealthCheckResult.Unhealthy("The cluster reports no active silo.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"The cluster did not answer: {ex.GetType().Name}.");
        }
    }
}
