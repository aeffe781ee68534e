using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Runtype.Grains;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;

namespace Runtype.Storage.Sql;

/// <summary>
/// The store of record on PostgreSQL or SQL Server. Every write is one statement or one short transaction whose
/// cost does not depend on how many messages a conversation holds; the unique indexes (conversation, position),
/// (conversation, external message id) and (owner, thread) back the grain's rules even across two activations.
/// An unreachable database surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class SqlConversationStore : IConversationStore, IConversationIndex, IAsyncDisposable
{
    private readonly SqlDialect dialect;
    private readonly string connectionString;
    private readonly ILogger<SqlConversationStore> logger;

    // Two groups in flight: one busy PostgreSQL backend was the bottleneck with one (measured at ~87% of a core
    // while the API had CPU to spare); two let the server use both cores and still batch dozens per commit.
    private const int AppendWriters = 2;

    // Null where appends are not grouped: each is then its own transaction.
    private readonly GroupCommit<Append, bool?>? _appends;

    public SqlConversationStore(SqlDialect dialect, string connectionString, ILogger<SqlConversationStore> logger)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        this.dialect = dialect;
        this.connectionString = connectionString;
        this.logger = logger;
        _appends = dialect.GroupsAppends ? new GroupCommit<Append, bool?>(CommitAppendsAsync, AppendWriters) : null;
    }

    public Task<Conversation?> FindAsync(string owner, string conversationId) =>
        RunAsync(connection => FindAsync(connection, owner, conversationId));

    public Task<StoreResult> InsertAsync(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return RunAsync(async connection =>
        {
            await using var command = Command(connection, "InsertConversation");
            AddConversation(command, conversation);
            try
            {
                await command.ExecuteNonQueryAsync();
                return StoreResult.Done;
            }
            catch (DbException ex) when (dialect.IsUniqueViolation(ex, out var constraint))
            {
                return constraint == "pk_runtype_conversations"
                    ? StoreResult.AlreadyExists
                    : await ThreadTakenAsync(connection, conversation);
            }
        });
    }

    public Task<StoreResult> UpdateAsync(Conversation updated, long expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(updated);
        return RunAsync(async connection =>
        {
            await using var command = Command(connection, "UpdateConversation");
            AddConversation(command, updated);
            command.Parameters.Add(dialect.Parameter("expected_version", expectedVersion, DbType.Int64));
            try
            {
                return await command.ExecuteNonQueryAsync() == 1
                    ? StoreResult.Done
                    : await MissingOrConflictAsync(connection, updated.Owner, updated.Id);
            }
            catch (DbException ex) when (dialect.IsUniqueViolation(ex, out _))
            {
                return await ThreadTakenAsync(connection, updated);
            }
        });
    }

    public Task<StoreResult> DeleteAsync(string owner, string conversationId, long expectedVersion) =>
        RunAsync(async connection =>
        {
            await using var command = Command(connection, "DeleteConversation");
            command.Parameters.Add(dialect.Parameter("owner", owner, DbType.String));
            command.Parameters.Add(dialect.Parameter("id", conversationId, DbType.AnsiString));
            command.Parameters.Add(dialect.Parameter("expected_version", expectedVersion, DbType.Int64));
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1
                ? StoreResult.Done
                : await MissingOrConflictAsync(connection, owner, conversationId);
        });

    public async Task<StoreResult> AppendAsync(Conversation updated, Message message, long expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(message);
        var append = new Append(updated, message, expectedVersion);
        bool? appended = null;
        if (_appends is not null)
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
                : await NotAppendedAsync(connection, append));
        }

        return appended.Value ? StoreResult.Done : await RunAsync(connection => NotAppendedAsync(connection, append));
    }

    public ValueTask DisposeAsync() => _appends?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// One transaction for a group of appends (PostgreSQL): one round trip and one commit for all of them, then
    /// each append's own outcome. A statement error fails the whole transaction; the group then answers "on your
    /// own" (null) to each append, so one bad write cannot take the others down with it.
    /// </summary>
    private Task<IReadOnlyList<bool?>> CommitAppendsAsync(IReadOnlyList<Append> appends) =>
        RunAsync<IReadOnlyList<bool?>>(async connection =>
        {
            try
            {
                // Rows locked in one order by every group, so two groups in flight cannot deadlock.
                var order = Enumerable.Range(0, appends.Count)
                    .OrderBy(i => appends[i].Updated.Owner, StringComparer.Ordinal)
                    .ThenBy(i => appends[i].Updated.Id, StringComparer.Ordinal)
                    .ToArray();
                await using var transaction = await connection.BeginTransactionAsync();
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var i in order)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = dialect.Query("AppendMessage");
                    AddAppend(command.Parameters, appends[i]);
                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
                RuntypeMetrics.AppendGroupSize.Record(appends.Count);
                var results = new bool?[appends.Count];
                for (var k = 0; k < order.Length; k++)
                {
                    results[order[k]] = batch.BatchCommands[k].RecordsAffected == 1;
                }

                return results;
            }
            catch (DbException ex) when (!dialect.IsUnavailable(ex))
            {
                logger.LogDebug(ex, "A grouped append failed; its group is retried one append at a time");
                return new bool?[appends.Count];
            }
        });

    private async Task<bool> AppendAloneAsync(DbConnection connection, Append append)
    {
        await using var command = Command(connection, "AppendMessage");
        AddAppend(command.Parameters, append);

        // PostgreSQL reports rows inserted; the SQL Server batch selects 1 or 0.
        return dialect is PostgresDialect
            ? await command.ExecuteNonQueryAsync() == 1
            : Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Why an append changed nothing: the external id is already there, or the conversation moved on or went.</summary>
    private async Task<StoreResult> NotAppendedAsync(DbConnection connection, Append append)
    {
        if (append.Message.ExternalMessageId is { } externalId
            && await FindByExternalIdAsync(connection, append.Message.ConversationId, externalId) is { } existing)
        {
            return StoreResult.Duplicate(existing);
        }

        return await MissingOrConflictAsync(connection, append.Updated.Owner, append.Updated.Id);
    }

    private void AddAppend(DbParameterCollection p, Append append)
    {
        var updated = append.Updated;
        p.Add(dialect.Parameter("owner", updated.Owner, DbType.String));
        p.Add(dialect.Parameter("id", updated.Id, DbType.AnsiString));
        p.Add(dialect.Parameter("expected_version", append.ExpectedVersion, DbType.Int64));
        p.Add(dialect.Parameter("status", (short)updated.Fields.Status, DbType.Int16));
        p.Add(dialect.Parameter("message_count", updated.MessageCount, DbType.Int64));
        p.Add(dialect.Parameter("last_message_at", updated.LastMessageAt, DbType.DateTime));
        p.Add(dialect.Parameter("updated_at", updated.UpdatedAt, DbType.DateTime));
        p.Add(dialect.Parameter("version", updated.Version, DbType.Int64));
        AddMessage(p, append.Message);
    }

    public Task<IReadOnlyList<Message>> ReadMessagesAsync(string owner, string conversationId, MessageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync<IReadOnlyList<Message>>(async connection =>
        {
            await using var command = Command(connection, query.Descending ? "ReadMessagesBefore" : "ReadMessagesAfter");
            var bound = query.After ?? (query.Descending ? long.MaxValue : 0);
            command.Parameters.Add(dialect.Parameter("conversation_id", conversationId, DbType.AnsiString));
            command.Parameters.Add(dialect.Parameter("position", bound, DbType.Int64));
            command.Parameters.Add(dialect.Parameter("take", query.Limit, DbType.Int32));
            return await ReadMessagesAsync(command);
        });
    }

    public Task<ConversationListPage> QueryAsync(string owner, ConversationListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync(async connection =>
        {
            ConversationListPage page;
            if (query.Backward && query.Key is { } key)
            {
                var newer = await ListAsync(connection, "ListNewer", owner, query.Filter, key, query.Limit + 1);
                var items = newer.Take(query.Limit).Reverse().ToList();
                var hasMoreAfter = (await ListAsync(connection, "ListOlder", owner, query.Filter, items.Count > 0 ? ConversationSortKey.Of(items[^1]) : key, 1)).Count > 0;
                page = new ConversationListPage(items, 0, newer.Count > query.Limit, hasMoreAfter);
            }
            else
            {
                var older = await ListAsync(connection, "ListOlder", owner, query.Filter, query.Key, query.Limit + 1);
                var items = older.Take(query.Limit).ToList();
                var hasMoreBefore = query.Key is { } start
                    && (await ListAsync(connection, "ListNewer", owner, query.Filter, items.Count > 0 ? ConversationSortKey.Of(items[0]) : start, 1)).Count > 0;
                page = new ConversationListPage(items, 0, hasMoreBefore, older.Count > query.Limit);
            }

            await using var count = Command(connection, "CountConversations");
            AddFilter(count, owner, query.Filter);
            ListingQueries.Shape(count);
            return page with { TotalCount = Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) };
        });
    }

    /// <summary>The short unique key of a surface's external thread (see the thread index in the schema).</summary>
    public static byte[]? ThreadKey(ConversationFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.ExternalThreadId is { } thread ? SHA256.HashData(Encoding.UTF8.GetBytes(fields.SurfaceId + "\n" + thread)) : null;
    }

    private async Task<List<Conversation>> ListAsync(
        DbConnection connection, string queryName, string owner, ConversationFilter filter, ConversationSortKey? key, int take)
    {
        await using var command = Command(connection, queryName);
        AddFilter(command, owner, filter);
        command.Parameters.Add(dialect.Parameter("key_updated_at", key?.UpdatedAt, DbType.DateTime));
        command.Parameters.Add(dialect.Parameter("key_id", key?.Id, DbType.AnsiString));
        command.Parameters.Add(dialect.Parameter("take", take, DbType.Int32));
        ListingQueries.Shape(command);
        var items = new List<Conversation>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(ReadConversation(reader));
        }

        return items;
    }

    private void AddFilter(DbCommand command, string owner, ConversationFilter filter)
    {
        var p = command.Parameters;
        p.Add(dialect.Parameter("owner", owner, DbType.String));
        p.Add(dialect.Parameter("surface_id", filter.SurfaceId, DbType.String));
        p.Add(dialect.Parameter("status", filter.Status is { } s ? (short)s : null, DbType.Int16));
        p.Add(dialect.Parameter("external_thread_id", filter.ExternalThreadId, DbType.String));
        p.Add(dialect.Parameter("participant_email", filter.ParticipantEmail, DbType.String));
    }

    private async Task<Conversation?> FindAsync(DbConnection connection, string owner, string id)
    {
        await using var command = Command(connection, "FindConversation");
        command.Parameters.Add(dialect.Parameter("owner", owner, DbType.String));
        command.Parameters.Add(dialect.Parameter("id", id, DbType.AnsiString));
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? ReadConversation(reader) : null;
    }

    private async Task<StoreResult> MissingOrConflictAsync(DbConnection connection, string owner, string id) =>
        await FindAsync(connection, owner, id) is null ? StoreResult.Missing : StoreResult.VersionConflict;

    private async Task<StoreResult> ThreadTakenAsync(DbConnection connection, Conversation conversation)
    {
        await using var command = Command(connection, "FindThreadHolder");
        command.Parameters.Add(dialect.Parameter("owner", conversation.Owner, DbType.String));
        command.Parameters.Add(dialect.Parameter("thread_key", ThreadKey(conversation.Fields), DbType.Binary));
        var holder = await command.ExecuteScalarAsync() as string;
        // The holder can vanish between the failed write and this read; the grain then simply retries.
        return holder is null ? StoreResult.VersionConflict : StoreResult.ThreadTaken(holder);
    }

    private async Task<Message?> FindByExternalIdAsync(DbConnection connection, string conversationId, string externalId)
    {
        await using var command = Command(connection, "FindMessageByExternalId");
        command.Parameters.Add(dialect.Parameter("conversation_id", conversationId, DbType.AnsiString));
        command.Parameters.Add(dialect.Parameter("external_message_id", externalId, DbType.String));
        var found = await ReadMessagesAsync(command);
        return found.Count > 0 ? found[0] : null;
    }

    private static async Task<List<Message>> ReadMessagesAsync(DbCommand command)
    {
        var messages = new List<Message>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            messages.Add(new Message
            {
                ConversationId = reader.GetString(0),
                Position = reader.GetInt64(1),
                Id = reader.GetString(2),
                Role = (MessageRole)reader.GetInt16(3),
                Direction = (MessageDirection)reader.GetInt16(4),
                Content = reader.GetString(5),
                ExternalMessageId = NullableString(reader, 6),
                FlowStepResultId = NullableString(reader, 7),
                Metadata = reader.GetString(8),
                CreatedAt = Utc(reader.GetDateTime(9)),
            });
        }

        return messages;
    }

    private static Conversation ReadConversation(DbDataReader reader) => new()
    {
        Owner = reader.GetString(0),
        Id = reader.GetString(1),
        Fields = new ConversationFields
        {
            SurfaceId = reader.GetString(2),
            Status = (ConversationStatus)reader.GetInt16(3),
            Subject = NullableString(reader, 4),
            ParticipantName = NullableString(reader, 5),
            ParticipantEmail = NullableString(reader, 6),
            ExternalParticipantId = NullableString(reader, 7),
            ExternalThreadId = NullableString(reader, 8),
            Timezone = NullableString(reader, 9),
            Context = reader.GetString(10),
            ParticipantMetadata = reader.GetString(11),
        },
        MessageCount = reader.GetInt64(12),
        LastMessageAt = reader.IsDBNull(13) ? null : Utc(reader.GetDateTime(13)),
        CreatedAt = Utc(reader.GetDateTime(14)),
        UpdatedAt = Utc(reader.GetDateTime(15)),
        Version = reader.GetInt64(16),
    };

    private void AddConversation(DbCommand command, Conversation c)
    {
        var p = command.Parameters;
        var f = c.Fields;
        p.Add(dialect.Parameter("owner", c.Owner, DbType.String));
        p.Add(dialect.Parameter("id", c.Id, DbType.AnsiString));
        p.Add(dialect.Parameter("surface_id", f.SurfaceId, DbType.String));
        p.Add(dialect.Parameter("status", (short)f.Status, DbType.Int16));
        p.Add(dialect.Parameter("subject", f.Subject, DbType.String));
        p.Add(dialect.Parameter("participant_name", f.ParticipantName, DbType.String));
        p.Add(dialect.Parameter("participant_email", f.ParticipantEmail, DbType.String));
        p.Add(dialect.Parameter("external_participant_id", f.ExternalParticipantId, DbType.String));
        p.Add(dialect.Parameter("external_thread_id", f.ExternalThreadId, DbType.String));
        p.Add(dialect.Parameter("thread_key", ThreadKey(f), DbType.Binary));
        p.Add(dialect.Parameter("timezone", f.Timezone, DbType.AnsiString));
        p.Add(dialect.Parameter("context", f.Context, DbType.String));
        p.Add(dialect.Parameter("participant_metadata", f.ParticipantMetadata, DbType.String));
        p.Add(dialect.Parameter("message_count", c.MessageCount, DbType.Int64));
        p.Add(dialect.Parameter("last_message_at", c.LastMessageAt, DbType.DateTime));
        p.Add(dialect.Parameter("created_at", c.CreatedAt, DbType.DateTime));
        p.Add(dialect.Parameter("updated_at", c.UpdatedAt, DbType.DateTime));
        p.Add(dialect.Parameter("version", c.Version, DbType.Int64));
    }

    private void AddMessage(DbParameterCollection p, Message m)
    {
        p.Add(dialect.Parameter("position", m.Position, DbType.Int64));
        p.Add(dialect.Parameter("message_id", m.Id, DbType.AnsiString));
        p.Add(dialect.Parameter("role", (short)m.Role, DbType.Int16));
        p.Add(dialect.Parameter("direction", (short)m.Direction, DbType.Int16));
        p.Add(dialect.Parameter("content", m.Content, DbType.String));
        p.Add(dialect.Parameter("external_message_id", m.ExternalMessageId, DbType.String));
        p.Add(dialect.Parameter("flow_step_result_id", m.FlowStepResultId, DbType.String));
        p.Add(dialect.Parameter("metadata", m.Metadata, DbType.String));
        p.Add(dialect.Parameter("created_at", m.CreatedAt, DbType.DateTime));
    }

    private DbCommand Command(DbConnection connection, string queryName)
    {
        var command = connection.CreateCommand();
        command.CommandText = dialect.Query(queryName);
        return command;
    }

    private async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work)
    {
        try
        {
            await using var connection = dialect.Factory.CreateConnection()!;
            connection.ConnectionString = connectionString;
            await connection.OpenAsync();
            return await work(connection);
        }
        catch (Exception ex) when (dialect.IsUnavailable(ex))
        {
            // The detail goes to the log only; the exception that travels to the API names nothing internal.
            logger.LogWarning(ex, "Conversation store unavailable ({Engine})", dialect.Name);
            throw new StorageUnavailableException();
        }
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private sealed record Append(Conversation Updated, Message Message, long ExpectedVersion);
}
