using System.Collections.Concurrent;
using Npgsql;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// The feed on PostgreSQL under concurrency: a transaction that commits late never lets a reader past its events
/// (the no-skip horizon), followers see every committed event exactly once, and grouped appends' events share the
/// group's transaction.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class PostgresEventFeedTests(StoreFixture fixture)
{
    private const string Postgres = PostgresDialect.ProviderName;

    [Fact]
    public async Task An_open_transaction_holds_the_feed_back_until_it_commits_and_nothing_is_skipped()
    {
        var (store, log) = (fixture.Store(Postgres), fixture.Events(Postgres));
        var owner = Build.Owner();
        var early = Build.Conversation(owner);
        var late = Build.Conversation(owner);

        // The early transaction takes its position (its transaction id) first and commits last.
        await using var connection = new NpgsqlConnection(fixture.Database(Postgres).ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var earlyEvent = Build.Event(early, EventType.ConversationCreated, 1);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO runtype_events (owner, id, conversation_id, type, sequence, created_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = owner });
            insert.Parameters.Add(new() { Value = earlyEvent.Id });
            insert.Parameters.Add(new() { Value = early.Id });
            insert.Parameters.Add(new() { Value = (short)earlyEvent.Type });
            insert.Parameters.Add(new() { Value = earlyEvent.Sequence });
            insert.Parameters.Add(new() { Value = earlyEvent.CreatedAt });
            insert.Parameters.Add(new() { Value = earlyEvent.Data });
            await insert.ExecuteNonQueryAsync();
        }

        await using var xact = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", connection, transaction);
        var earlyTx = (long)(await xact.ExecuteScalarAsync())!;
        var lateEvent = Build.Event(late, EventType.ConversationCreated, 1);
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(late, [lateEvent])).Outcome);

        var during = await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 10));
        Assert.Empty(during.Items);
        // The read examined up to just below the open transaction, never past it.
        Assert.True(during.Next.Major < earlyTx, $"{during.Next} passed the open transaction {earlyTx}");

        await transaction.CommitAsync();
        // Other tests' transactions may hold the horizon a moment longer: wait for it, never for a missing event.
        var after = await ReadUntilAsync(log, owner, during.Next, 2);
        Assert.Equal([earlyEvent.Id, lateEvent.Id], after.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task A_follower_reads_every_event_of_concurrent_grouped_appends_exactly_once_in_sequence_order()
    {
        var (store, log) = (fixture.Store(Postgres), fixture.Events(Postgres));
        var owner = Build.Owner();
        var committed = new ConcurrentBag<string>();
        var conversations = new List<Conversation>();
        for (var i = 0; i < 50; i++)
        {
            var conversation = Build.Conversation(owner);
            var created = Build.Event(conversation, EventType.ConversationCreated, 1);
            await store.InsertAsync(conversation, [created]);
            committed.Add(created.Id);
            conversations.Add(conversation);
        }

        var writing = Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            var mine = conversations.Where((_, i) => i % 16 == writer).ToList();
            for (var round = 0; round < 6; round++)
            {
                for (var k = 0; k < mine.Count; k++)
                {
                    var (updated, message) = Build.Next(mine[k], $"m{round}");
                    // Every third append also reopens: two events in one write.
                    var reopens = round % 3 == 2;
                    updated = updated with { Version = mine[k].Version + (reopens ? 2 : 1) };
                    ConversationEvent[] events = reopens
                        ? [Build.Event(updated, EventType.MessageCreated, mine[k].Version + 1), Build.Event(updated, EventType.ConversationUpdated, mine[k].Version + 2)]
                        : [Build.Event(updated, EventType.MessageCreated, mine[k].Version + 1)];
                    Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(updated, message, mine[k].Version, events)).Outcome);
                    foreach (var e in events)
                    {
                        committed.Add(e.Id);
                    }

                    mine[k] = updated;
                }
            }
        })));

        var read = new List<StoredEvent>();
        var next = EventPosition.Start;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(writing.IsCompleted && read.Count >= committed.Count) && DateTime.UtcNow < deadline)
        {
            var page = await log.ReadAsync(owner, new EventQuery(next, 7));
            read.AddRange(page.Items);
            next = page.Next;
            if (page.Items.Count == 0)
            {
                await Task.Delay(5);
            }
        }

        await writing;
        Assert.Equal(committed.Order(StringComparer.Ordinal), read.Select(e => e.Event.Id).Order(StringComparer.Ordinal));
        foreach (var conversation in read.GroupBy(e => e.Event.ConversationId))
        {
            Assert.Equal(Enumerable.Range(1, conversation.Count()).Select(n => (long)n), conversation.Select(e => e.Event.Sequence));
        }
    }

    [Fact]
    public async Task A_long_transaction_in_another_database_does_not_hold_the_feed_back()
    {
        var (store, log) = (fixture.Store(Postgres), fixture.Events(Postgres));
        var owner = Build.Owner();

        // Another application's database on the same server, in the middle of a long write transaction.
        var server = new NpgsqlConnectionStringBuilder(fixture.Database(Postgres).ConnectionString) { Database = "postgres" };
        await using var other = new NpgsqlConnection(server.ConnectionString);
        await other.OpenAsync();
        await using var longRunning = await other.BeginTransactionAsync();
        await using (var write = new NpgsqlCommand("SELECT pg_current_xact_id()", other, longRunning))
        {
            await write.ExecuteScalarAsync();
        }

        var conversation = Build.Conversation(owner);
        var created = Build.Event(conversation, EventType.ConversationCreated, 1);
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(conversation, [created])).Outcome);

        // Other test classes' transactions in this database may hold the horizon a moment; the other database's
        // transaction stays open throughout, and the event must come through while it does.
        var read = await ReadUntilAsync(log, owner, EventPosition.Start, 1);
        Assert.Equal([created.Id], read.Select(e => e.Event.Id));
        await using (var stillOpen = new NpgsqlCommand("SELECT pg_current_xact_id()", other, longRunning))
        {
            Assert.NotNull(await stillOpen.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task A_grouped_append_records_its_events_in_the_groups_transaction_and_a_failed_group_records_none()
    {
        var (store, log) = (fixture.Store(Postgres), fixture.Events(Postgres));
        var owner = Build.Owner();
        var conversations = new List<Conversation>();
        for (var i = 0; i < 20; i++)
        {
            var conversation = Build.Conversation(owner);
            await store.InsertAsync(conversation);
            conversations.Add(conversation);
        }

        // PostgreSQL text cannot hold NUL: the bad append fails its group, which is then retried one append at a time.
        var appends = conversations.Select((c, i) => Build.Next(c, i == 7 ? "bad\0content" : $"good {i}")).ToList();
        var events = appends.Select(a => Build.Event(a.Updated, EventType.MessageCreated, 2)).ToList();
        var tasks = appends.Select((a, i) => store.AppendAsync(a.Updated, a.Message, 1, [events[i]])).ToList();
        await Assert.ThrowsAnyAsync<Exception>(() => tasks[7]);
        foreach (var task in tasks.Where((_, i) => i != 7))
        {
            Assert.Equal(StoreOutcome.Done, (await task).Outcome);
        }

        var read = await ReadUntilAsync(log, owner, EventPosition.Start, 19);
        Assert.Equal(events.Where((_, i) => i != 7).Select(e => e.Id).Order(StringComparer.Ordinal), read.Select(e => e.Event.Id).Order(StringComparer.Ordinal));
    }

    private async Task<List<StoredEvent>> ReadUntilAsync(IEventLog log, string owner, EventPosition after, int count)
    {
        var read = new List<StoredEvent>();
        // Generous: other test classes' transactions in this database hold the horizon back while they run.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (read.Count < count && DateTime.UtcNow < deadline)
        {
            var page = await log.ReadAsync(owner, new EventQuery(after, 100));
            read.AddRange(page.Items);
            after = page.Next;
            await Task.Delay(page.Items.Count == 0 ? 20 : 0);
        }

        // Read on until the feed has examined every transaction older than one begun now, after the writes (a position's
        // major is its transaction id): nothing beyond what was expected may show up.
        await using (var connection = new NpgsqlConnection(fixture.Database(Postgres).ConnectionString))
        {
            await connection.OpenAsync();
            await using var next = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", connection);
            var watermark = (long)(await next.ExecuteScalarAsync())!;
            while (after.Major < watermark && DateTime.UtcNow < deadline)
            {
                var page = await log.ReadAsync(owner, new EventQuery(after, 100));
                read.AddRange(page.Items);
                after = page.Next;
                await Task.Delay(after.Major < watermark ? 20 : 0);
            }

            Assert.True(after.Major >= watermark, $"the feed did not pass transaction {watermark} within 90 s");
        }

        return read;
    }
}
