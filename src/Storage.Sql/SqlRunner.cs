using System.Data.Common;
using Microsoft.Extensions.Logging;
using Runtype.Grains;
using Runtype.Grains.Telemetry;

namespace Runtype.Storage.Sql;

/// <summary>
/// Runs work on a fresh pooled connection and classifies what goes wrong, the same way for the conversation
/// store and the event log: the engine unreachable or asking for a retry is <see cref="StorageUnavailableException"/>
/// (a 503), and for a write that had reached the server its outcome is unknown (the commit may have landed before
/// the link went); any other engine error is a defect or a constraint we did not expect,
/// <see cref="StorageFaultException"/> (a 500, never retried by the client), logged here once with the engine's
/// error code and no SQL or values. A connection whose statement was refused goes back to the pool only once
/// <see cref="SqlDialect.AfterRefusal"/> has put it right. Each failure is counted by kind (<see cref="RuntypeMetrics.StoreErrors"/>).
/// </summary>
internal sealed class SqlRunner(SqlDialect dialect, string connectionString, ILogger logger)
{
    public async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work, bool writes = false)
    {
        var opened = false;
        try
        {
            await using var connection = dialect.Factory.CreateConnection()!;
            connection.ConnectionString = connectionString;
            await connection.OpenAsync();
            opened = true;
            try
            {
                return await work(connection);
            }
            catch (DbException ex)
            {
                // While the connection is still ours: the pool takes it back when the using above ends.
                dialect.AfterRefusal(connection, ex);
                throw;
            }
        }
        catch (Exception ex) when (dialect.IsUnavailable(ex))
        {
            throw Unavailable(ex, writes && opened);
        }
        catch (DbException ex)
        {
            throw Fault(ex);
        }
    }

    /// <summary>
    /// <see cref="RunAsync"/> for callers whose interface is synchronous (Data Protection's key repository): the work
    /// runs on the provider's synchronous calls, so no task is blocked on, whatever scheduler the caller is on (a
    /// grain's would deadlock on its own continuation).
    /// </summary>
    public T Run<T>(Func<DbConnection, T> work, bool writes = false)
    {
        var opened = false;
        try
        {
            using var connection = dialect.Factory.CreateConnection()!;
            connection.ConnectionString = connectionString;
            connection.Open();
            opened = true;
            try
            {
                return work(connection);
            }
            catch (DbException ex)
            {
                dialect.AfterRefusal(connection, ex);
                throw;
            }
        }
        catch (Exception ex) when (dialect.IsUnavailable(ex))
        {
            throw Unavailable(ex, writes && opened);
        }
        catch (DbException ex)
        {
            throw Fault(ex);
        }
    }

    private StorageUnavailableException Unavailable(Exception ex, bool outcomeUnknown)
    {
        // The detail goes to the log only; the exception that travels to the API names nothing internal.
        logger.LogWarning(ex, "Conversation store unavailable ({Engine})", dialect.Name);
        RuntypeMetrics.StoreError(outcomeUnknown ? StoreErrorKinds.UnknownOutcome : StoreErrorKinds.Transient);
        return new StorageUnavailableException(outcomeUnknown);
    }

    private StorageFaultException Fault(DbException ex)
    {
        var code = dialect.ErrorCode(ex);
        RuntypeMetrics.StoreError(StoreErrorKinds.Permanent);
        logger.LogError("Conversation store refused a statement: {Engine} error {Code} ({Exception}) at {StackTrace}", dialect.Name, code, ex.GetType().Name, ex.StackTrace);
        return new StorageFaultException(dialect.Name, code);
    }
}
