using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Storage.Sql;

/// <summary>
/// The store of record on PostgreSQL or SQL Server. Every write is one statement or one short transaction whose
/// cost does not depend on how many messages a conversation holds; the unique indexes (conversation, position),
/// (conversation, id), (conversation, external message id) and (owner, thread) back the grain's rules even across
/// two activations. The statements and their parameters are <see cref="SqlStatements"/>; rows are read by
/// <see cref="SqlRows"/>. Each write records its events (an outbox, read by <see cref="SqlEventLog"/>) in the same
/// statement or transaction as the change, and only when the change is made. Errors: see <see cref="SqlRunner"/>.
/// </summary>
public sealed partial class SqlConversationStore : IConversationStore, IConversationIndex, IAsyncDisposable
{
    // Two groups in flight: one busy PostgreSQL backend was the bottleneck with one (measured at ~87% of a core
    // while the API had CPU to spare); two let the server use both cores and still batch dozens per commit.
    private const int AppendWriters = 2;

    private readonly SqlDialect _dialect;
    private readonly SqlStatements _statements;
    private readonly ILogger<SqlConversationStore> _logger;
    private readonly SqlRunner _runner;

    // Searches run on their own pool, planned with their values (SqlDialect.ForSearches).
    private readonly SqlRunner _searches;
    private Task<string?>? _searchReadiness;

    // Null where appends are not grouped: each is then its own transaction.
    private readonly GroupCommit<AppendWrite, bool?>? _appends;

    public SqlConversationStore(SqlDialect dialect, string connectionString, ILogger<SqlConversationStore> logger)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
        _statements = new SqlStatements(dialect);
        _logger = logger;
        _runner = new SqlRunner(dialect, connectionString, logger);
        _searches = new SqlRunner(dialect, dialect.ForSearches(connectionString), logger);
        _appends = dialect.GroupsAppends ? new GroupCommit<AppendWrite, bool?>(CommitAppendsAsync, AppendWriters) : null;
    }

    public Task<Conversation?> FindAsync(string owner, string conversationId) =>
        RunAsync(connection => FindAsync(connection, owner, conversationId));

    public Task<StoreResult> InsertAsync(Conversation conversation, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync(async connection =>
        {
            try
            {
                await ExecuteAsync(connection, _statements.InsertConversation(conversation, events));
                return StoreResult.Done;
            }
            catch (DbException ex) when (_dialect.IsUniqueViolation(ex, out var constraint))
            {
                return constraint == "pk_runtype_conversations"
                    ? StoreResult.AlreadyExists
                    : await ThreadTakenAsync(connection, conversation);
            }
        }, writes: true);
    }

    public Task<StoreResult> UpdateAsync(Conversation updated, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        return RunAsync(async connection =>
        {
            try
            {
                return Convert.ToInt64(await ScalarAsync(connection, _statements.UpdateConversation(updated, expectedVersion, events)), CultureInfo.InvariantCulture) == 1
                    ? StoreResult.Done
                    : await MissingOrConflictAsync(connection, updated.Owner, updated.Id);
            }
            catch (DbException ex) when (_dialect.IsUniqueViolation(ex, out _))
            {
                return await ThreadTakenAsync(connection, updated);
            }
        }, writes: true);
    }

    public Task<StoreResult> DeleteAsync(string owner, string conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events) =>
        RunAsync(async connection =>
        {
            return Convert.ToInt64(await ScalarAsync(connection, _statements.DeleteConversation(owner, conversationId, expectedVersion, events)), CultureInfo.InvariantCulture) == 1
                ? StoreResult.Done
                : await MissingOrConflictAsync(connection, owner, conversationId);
        }, writes: true);

    public async Task<StoreResult> AppendAsync(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(message);
        var append = new AppendWrite(updated, message, expectedVersion, events);
        bool? appended = null;
        // A reopening append runs alone: the totals trigger locks two total rows per row it moves, in key order within
        // one statement but in row order across a group's rows, so two groups reopening conversations could deadlock.
        if (_appends is not null && !append.ChangesStatus)
        {
            // The request's side of the group commit: how long this append waited for the commit that carried it.
            using var span = RuntypeTracing.Source.StartActivity("append (grouped)");
            appended = await _appends.WriteAsync(append);
        }

        if (appended is null)
        {
            // Not grouped (SQL Server), or its group hit an error: on its own, in its own transaction.
            return await RunAsync(async connection => await AppendAloneAsync(connection, append)
                ? StoreResult.Done
                : await NotAppendedAsync(connection, append), writes: true);
        }

        return appended.Value ? StoreResult.Done : await RunAsync(connection => NotAppendedAsync(connection, append));
    }

    public Task<Message?> FindMessageAsync(string owner, string conversationId, string messageId) =>
        RunAsync(connection => SqlRows.ReadFirstAsync(connection, _statements.FindMessage(conversationId, messageId), MessageColumns.Read));

    public Task<IReadOnlyList<Message>> ReadMessagesAsync(string owner, string conversationId, MessageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync<IReadOnlyList<Message>>(async connection =>
            await SqlRows.ReadAllAsync(connection, _statements.ReadMessages(conversationId, query), MessageColumns.Read));
    }

    /// <summary>
    /// One round trip per page: the page, the look past the key for a page on its other side, and the total go out
    /// as one batch (<see cref="SqlStatements.ListPage"/>) and come back as successive result sets. Where the engine
    /// gives one (<see cref="SqlDialect.ListingIsolation"/>), the three read one snapshot: each statement of a read
    /// committed batch takes its own, so a create committing between the page and the total answered an empty page
    /// with a total of one (OwnerConversationsModelTests on PostgreSQL, seed 1xGLWIfejb51).
    /// </summary>
    public Task<ConversationListPage> QueryAsync(string owner, ConversationListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync(async connection =>
        {
            await using var transaction = _dialect.ListingIsolation is { } isolation ? await connection.BeginTransactionAsync(isolation) : null;
            await using var batch = _statements.ListPage(owner, query);
            batch.Connection = connection;
            batch.Transaction = transaction;
            ConversationListPage page;
            await using (var reader = await batch.ExecuteReaderAsync())
            {
                page = await ReadPageAsync(reader, query);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync();
            }

            return page;
        });
    }

    private static async Task<ConversationListPage> ReadPageAsync(DbDataReader reader, ConversationListQuery query)
    {
        var rows = new List<Conversation>();
        while (await reader.ReadAsync())
        {
            rows.Add(ConversationColumns.Read(reader));
        }

        // Whether a matching row lies on the key's other side, the key included: a page there (ListPage).
        var beyondKey = false;
        if (query.Key is not null)
        {
            await NextResultAsync(reader);
            beyondKey = await reader.ReadAsync();
        }

        await NextResultAsync(reader);
        await reader.ReadAsync();
        var total = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var more = rows.Count > query.Limit;
        var items = rows.Take(query.Limit).ToList();
        if (query.Backward && query.Key is not null)
        {
            items.Reverse();
            return new ConversationListPage(items, total, more, beyondKey);
        }

        return new ConversationListPage(items, total, beyondKey, more);
    }

    public ValueTask DisposeAsync() => _appends?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// One statement for a group of appends (PostgreSQL, AppendMessageGroup.sql): one round trip and one commit for
    /// all of them, then each append's own outcome. A statement error fails the whole group; it then answers "on
    /// your own" (null) to each append, so one bad write cannot take the others down with it. Each append's events
    /// are inserted by the same statement only when it appended, so they commit, or not, with the group.
    /// </summary>
    private Task<IReadOnlyList<bool?>> CommitAppendsAsync(IReadOnlyList<AppendWrite> appends) =>
        RunAsync<IReadOnlyList<bool?>>(async connection =>
        {
            try
            {
                // One statement, so one transaction: every append of the group, its message and its events. Bound in
                // (owner, id) order, the order every group locks its rows in, so two groups cannot deadlock even when
                // a conversation's second activation on another silo writes at the same time.
                var order = Enumerable.Range(0, appends.Count)
                    .OrderBy(i => appends[i].Updated.Owner, StringComparer.Ordinal)
                    .ThenBy(i => appends[i].Updated.Id, StringComparer.Ordinal)
                    .ToArray();
                await using var command = _statements.AppendMessageGroup([.. order.Select(i => appends[i])]);
                command.Connection = connection;
                var results = new bool?[appends.Count];
                Array.Fill(results, false);
                await CommitTimer.TimeAsync(async () =>
                {
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        results[order[reader.GetInt64(0) - 1]] = true;
                    }

                    return results;
                });

                RuntypeMetrics.AppendGroupSize.Record(appends.Count);
                return results;
            }
            catch (DbException ex) when (!_dialect.IsUnavailable(ex))
            {
                _dialect.AfterRefusal(connection, ex);
                _logger.LogDebug("A grouped append failed ({Engine} error {Code}); its group is retried one append at a time", _dialect.Name, _dialect.ErrorCode(ex));
                return new bool?[appends.Count];
            }
        }, writes: true);

    /// <summary>A post on its own: AppendMessages.sql with one message, whose id is looked for too (a retry re-sends the one it reserved).</summary>
    private async Task<bool> AppendAloneAsync(DbConnection connection, AppendWrite append)
    {
        var command = _statements.AppendMessages(append.Updated, [append.Message], append.ExpectedVersion, append.Events, probeIds: true);
        return (await CommitTimer.TimeAsync(() => SqlRows.ReadAllAsync(connection, command, SqlRows.Appended))).Any(r => r.Appended);
    }

    /// <summary>Why an append changed nothing: its external id or id is already there, or the conversation moved on or went.</summary>
    private async Task<StoreResult> NotAppendedAsync(DbConnection connection, AppendWrite append)
    {
        return await SqlRows.ReadFirstAsync(connection, _statements.FindExistingMessage(append.Message), MessageColumns.Read) is { } existing
            ? StoreResult.Duplicate(existing)
            : await MissingOrConflictAsync(connection, append.Updated.Owner, append.Updated.Id);
    }

    /// <summary>Moves to a batch's next result set, which the batch's shape guarantees is there.</summary>
    private static async Task NextResultAsync(DbDataReader reader)
    {
        if (!await reader.NextResultAsync())
        {
            throw new InvalidOperationException("A listing batch answered with fewer result sets than it has statements.");
        }
    }

    private Task<Conversation?> FindAsync(DbConnection connection, string owner, string id) =>
        SqlRows.ReadFirstAsync(connection, _statements.FindConversation(owner, id), ConversationColumns.Read);

    private async Task<StoreResult> MissingOrConflictAsync(DbConnection connection, string owner, string id) =>
        await FindAsync(connection, owner, id) is null ? StoreResult.Missing : StoreResult.VersionConflict;

    private async Task<StoreResult> ThreadTakenAsync(DbConnection connection, Conversation conversation)
    {
        var holder = await ScalarAsync(connection, _statements.FindThreadHolder(conversation)) as string;
        // The holder can vanish between the failed write and this read; the grain then simply retries.
        return holder is null ? StoreResult.VersionConflict : StoreResult.ThreadTaken(holder);
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbCommand command)
    {
        await using (command)
        {
            command.Connection = connection;
            return await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbCommand command)
    {
        await using (command)
        {
            command.Connection = connection;
            return await command.ExecuteScalarAsync();
        }
    }

    private Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work, bool writes = false) => _runner.RunAsync(work, writes);
}
