using Microsoft.Extensions.Diagnostics.HealthChecks;
using Runtype.Grains;

namespace Runtype.Api.Health;

/// <summary>Ready when a grain call reaches the cluster and the query index answers through it.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly ConversationListQuery Probe = new(new ConversationFilter(), 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await grains.GetGrain<IConversationCatalogGrain>(0).List("", Probe).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy("Cluster and storage answer.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"Cluster or storage did not answer: {ex.GetType().Name}.");
        }
    }
}
