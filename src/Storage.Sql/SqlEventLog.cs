using Microsoft.Extensions.Logging;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Sql;

/// <summary>
/// The event log on PostgreSQL or SQL Server: the rows <see cref="SqlConversationStore"/> writes with each change,
/// read back in feed order below the engine's horizon (ReadEvents.sql says why that never skips an event), and
/// deleted in bounded batches by retention. Errors are classified as the store's are (<see cref="SqlRunner"/>).
/// </summary>
public sealed class SqlEventLog : IEventLog
{
    private readonly SqlDialect _dialect;
    private readonly SqlStatements _statements;
    private readonly SqlRunner _runner;

    public SqlEventLog(SqlDialect dialect, string connectionString, ILogger<SqlEventLog> logger)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        _statements = new SqlStatements(dialect);
        _runner = new SqlRunner(dialect, connectionString, logger);
    }

    public Task<EventPage> ReadAsync(string owner, EventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return _runner.RunAsync(async connection =>
        {
            // Every row names the last position the read examined (just below its horizon); a read that found no
            // event still returns one row, with only that. A page that is not full examined everything up to there,
            // so the next read starts past it: a filtered reader that is caught up does not scan again what it has
            // passed, matching or not.
            var rows = await SqlRows.ReadAllAsync(connection, _statements.ReadEvents(owner, query), SqlRows.EventRow);
            return query.Page(rows.Where(r => r.Event is not null).Select(r => r.Event!), rows.Count > 0 ? rows[0].Examined : query.After);
        });
    }

    public Task<EventPosition> LatestAsync(string owner) => _runner.RunAsync(async connection =>
    {
        var rows = await SqlRows.ReadAllAsync(connection, _statements.LatestEvent(owner), r => new EventPosition(r.GetInt64(0), r.GetInt64(1)));
        return rows.Count > 0 ? rows[0] : EventPosition.Start;
    });

    public Task<int> PurgeAsync(DateTime olderThan, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return _runner.RunAsync(async connection =>
        {
            await using var command = _statements.PurgeEvents(olderThan, batchSize);
            command.Connection = connection;
            return await _dialect.PurgedAsync(command);
        }, writes: true);
    }
}
