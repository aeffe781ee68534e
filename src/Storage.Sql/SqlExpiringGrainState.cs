using System.Data;
using Microsoft.Extensions.Logging;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Sql;

/// <summary>
/// Deletes expired grain state from the table Orleans' ADO.NET provider writes (runtype_orleans_storage, migration 0002):
/// the rows of one state name last written before a time, a bounded batch per statement, through the index 0014 adds
/// on (grain_type, modified_at). An activation still holding a deleted record finds out on its next write (a version
/// conflict), as it would for a record another activation replaced.
/// </summary>
public sealed class SqlExpiringGrainState(SqlDialect dialect, string connectionString, ILogger<SqlExpiringGrainState> logger) : IExpiringGrainState
{
    private readonly SqlStatements _statements = new(dialect);
    private readonly SqlRunner _runner = new(dialect, connectionString, logger);

    public Task<int> DeleteWrittenBeforeAsync(string stateName, DateTime before, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return _runner.RunAsync(async connection =>
        {
            await using var command = _statements.DeleteExpiredGrainState(stateName, before, batchSize);
            command.Connection = connection;
            return await command.ExecuteNonQueryAsync();
        }, writes: true);
    }
}
