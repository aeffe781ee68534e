using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Runtype.Grains;
using Runtype.Grains.Storage;
using Runtype.Storage.Sql;
using Runtype.Testing;
using Xunit.Abstractions;

namespace Runtype.Storage.Tests;

/// <summary>
/// A pooled PostgreSQL connection stays in step with the server whatever its statements were refused with. Npgsql
/// prepares a statement on its AutoPrepareMinUsages-th run on a connection; a run the server refuses at Bind, before
/// it describes its result, used to leave Npgsql holding the statement as prepared with no result columns, and the
/// next run of it on that connection failed with "Received unexpected backend message DataRow" (docs/storage.md,
/// "Prepared statements after a refused write"). Each test has a database, so pools, of its own: they start with
/// nothing prepared.
/// </summary>
public sealed class PreparedStatementTests(ITestOutputHelper output)
{
    private const string Postgres = PostgresDialect.ProviderName;

    /// <summary>PostgreSQL text cannot hold NUL: the server refuses the parameter at Bind (22021), as it would any value it cannot take.</summary>
    private const string RefusedContent = "refused\0content";

    /// <summary>
    /// The exact sequence, on a pool of one connection: a statement run AutoPrepareMinUsages - 1 times, then refused on
    /// the run that prepares it, then run again. Both statements that return rows from a write: the grouped append
    /// (AppendMessageGroup) and the batch append (AppendMessages).
    /// </summary>
    [Fact]
    public async Task A_write_refused_on_the_run_that_prepares_its_statement_leaves_the_connection_usable()
    {
        await using var database = await TestDatabase.CreateAsync(Postgres);
        var settings = new NpgsqlConnectionStringBuilder(database.Dialect.Tune(database.ConnectionString)) { MaxPoolSize = 1 };
        Assert.True(settings.MaxAutoPrepare > 0);
        await using var store = new SqlConversationStore(database.Dialect, settings.ConnectionString, NullLogger<SqlConversationStore>.Instance);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);

        for (var run = 1; run < settings.AutoPrepareMinUsages; run++)
        {
            var (updated, message) = Build.Next(conversation, $"live {run}");
            Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(updated, message, conversation.Version)).Outcome);
            conversation = updated;
        }

        var (refused, refusedMessage) = Build.Next(conversation, RefusedContent);
        await Assert.ThrowsAsync<StorageFaultException>(() => store.AppendAsync(refused, refusedMessage, conversation.Version));
        var (appended, live) = Build.Next(conversation, "after the refusal");
        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(appended, live, conversation.Version)).Outcome);
        conversation = appended;

        // The batch half on a pool of its own, whose connection has prepared nothing yet: the refused post above also
        // ran AppendMessages, alone after its group failed, and that run would count towards preparing it.
        var batchSettings = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { ApplicationName = "batch appends" };
        await using var batchStore = new SqlConversationStore(database.Dialect, batchSettings.ConnectionString, NullLogger<SqlConversationStore>.Instance);
        for (var run = 1; run < batchSettings.AutoPrepareMinUsages; run++)
        {
            var (updated, batch) = Import(conversation, $"history {run}", null);
            Assert.Equal(StoreOutcome.Done, (await batchStore.AppendBatchAsync(updated, batch, conversation.Version, [])).Outcome);
            conversation = updated;
        }

        var (refusedImport, refusedBatch) = Import(conversation, RefusedContent, null);
        await Assert.ThrowsAsync<StorageFaultException>(() => batchStore.AppendBatchAsync(refusedImport, refusedBatch, conversation.Version, []));
        var (imported, history) = Import(conversation, "history after the refusal", null);
        Assert.Equal(StoreOutcome.Done, (await batchStore.AppendBatchAsync(imported, history, conversation.Version, [])).Outcome);

        var stored = await batchStore.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(100, Descending: false));
        Assert.Equal(Enumerable.Range(1, (int)imported.MessageCount).Select(p => (long)p), stored.Select(m => m.Position));
        Assert.DoesNotContain(stored, m => m.Content.Contains('\0', StringComparison.Ordinal));
    }

    /// <summary>
    /// The shapes the store's writes take under load, hard, on fresh pools: grouped appends to shared and own
    /// conversations from stale and current versions, redelivered external ids, imports racing them, imports of a
    /// stored id (the unique-violation retry), and refused writes among them. Every write must get its own answer and
    /// every conversation must end with positions 1 to N. Bounded by rounds and time; RUNTYPE_STRESS_SECONDS runs it
    /// for that long instead.
    /// </summary>
    [Fact]
    public async Task Racing_appends_and_imports_with_refused_writes_among_them_each_get_their_own_answer()
    {
        var longer = double.TryParse(Environment.GetEnvironmentVariable("RUNTYPE_STRESS_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds);
        var budget = TimeSpan.FromSeconds(longer ? seconds : 12);
        var rounds = longer ? int.MaxValue : 6;
        await using var database = await TestDatabase.CreateAsync(Postgres);
        var failures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        var round = 0;
        for (; round < rounds && clock.Elapsed < budget && failures.IsEmpty; round++)
        {
            // A pool of its own each round (the application name differs): its connections start with nothing prepared.
            var settings = new NpgsqlConnectionStringBuilder(database.Dialect.Tune(database.ConnectionString)) { ApplicationName = $"stress {round}" };
            await using (var store = new SqlConversationStore(database.Dialect, settings.ConnectionString, NullLogger<SqlConversationStore>.Instance))
            {
                await new StressRound(store, failures, seed: round).RunAsync(writers: 6, opsEach: 40, clock, budget);
            }

            await using var pool = new NpgsqlConnection(settings.ConnectionString);
            NpgsqlConnection.ClearPool(pool);
        }

        output.WriteLine($"{round} rounds in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures));
    }

    /// <summary>A batch after <paramref name="current"/>'s messages, as the grain builds it (see ImportContractTests).</summary>
    internal static (Conversation Updated, List<Message> Batch) Import(Conversation current, string content, string? id, int count = 1)
    {
        var batch = Enumerable.Range(0, count).Select(i => new Message
        {
            Id = i == 0 && id is not null ? id : Identifiers.NewMessageId(),
            ConversationId = current.Id,
            Position = current.MessageCount + 1 + i,
            Role = MessageRole.User,
            Direction = MessageDirection.Inbound,
            Content = content,
            ExternalMessageId = "x-" + Guid.NewGuid().ToString("N"),
            CreatedAt = current.UpdatedAt.AddMilliseconds(i),
        }).ToList();
        var updated = current with
        {
            MessageCount = batch[^1].Position,
            LastMessageAt = batch[^1].CreatedAt,
            UpdatedAt = current.UpdatedAt.AddMilliseconds(count),
            Version = current.Version + 1,
        };
        return (updated, batch);
    }
}
