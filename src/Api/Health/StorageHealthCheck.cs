using Microsoft.Extensions.Diagnostics.HealthChecks;
using Runtype.Hosting;

namespace Runtype.Api.Health;

/// <summary>
/// Ready when the configured store answers a trivial query. The in-memory store lives in the silo's process
/// and is always ready. Uses the same settings the silo does, so it works co-hosted and as a cluster client:
/// the ones storage or clustering registered at start-up, or, for a client whose membership needs no database,
/// read here; registered as a singleton, so they are read at most once rather than on every probe.
/// </summary>
public sealed class StorageHealthCheck : IHealthCheck
{
    private readonly SqlSettings? _sql;

    public StorageHealthCheck(IConfiguration configuration, SqlSettings? registered = null)
    {
        _sql = OptionsReading.Storage(configuration).Provider == StorageOptions.Memory
            ? null
            : registered ?? SqlSettings.Read(configuration);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_sql is not var (dialect, connectionString))
        {
            return HealthCheckResult.Healthy("In-memory store.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = dialect.Factory.CreateConnection()!;
            connection.ConnectionString = connectionString;
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"{dialect.Name} answers.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The exception's type only: its message can carry the server's address.
            return HealthCheckResult.Unhealthy($"{dialect.Name} did not answer: {ex.GetType().Name}.");
        }
    }
}
