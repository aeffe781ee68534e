using System.Collections.Concurrent;
using Runtype.Testing;
using Runtype.Grains;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;
using Runtype.Storage.Sql;

namespace Runtype.Storage.Tests;

/// <summary>
/// Group commit on PostgreSQL: appends from many conversations that arrive together share transactions, and
/// each still gets exactly its own answer, durably, as if it had been alone.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class GroupCommitTests(StoreFixture fixture)
{
    private const string Postgres = PostgresDialect.ProviderName;

    [Fact]
    public async Task A_burst_from_many_conversations_shares_commits_and_each_append_gets_its_own_outcome()
    {
        var store = fixture.Store(Postgres);
        var owner = Build.Owner();
        var conversations = await InsertAsync(store, owner, 60);

        // Conversation 0 already holds "ext-0"; the burst below redelivers it, sends a stale append for
        // conversation 1, and a fresh append for every other conversation.
        var (first, original) = Build.Next(conversations[0], "original", "ext-0");
        await store.AppendAsync(first, original, 1);
        conversations[0] = first;
        var (moved, movedMessage) = Build.Next(conversations[1], "already there");
        await store.AppendAsync(moved, movedMessage, 1);

        var groups = new List<int>();
        using var listener = HistogramListener.Collect(RuntypeMetrics.AppendGroupSize, groups);
        var burst = conversations.Select((conversation, i) => i switch
        {
            0 => (Append: Build.Next(conversation, "redelivered", "ext-0"), Expected: conversation.Version),
            1 => (Append: Build.Next(conversation, "stale"), Expected: conversation.Version),
            _ => (Append: Build.Next(conversation, $"message {i}"), Expected: conversation.Version),
        }).ToList();
        // Sent in reverse id order, so the order a group binds its appends in is not the order they arrived in.
        var reversed = await Task.WhenAll(Enumerable.Reverse(burst).Select(b => store.AppendAsync(b.Append.Updated, b.Append.Message, b.Expected)));
        var results = reversed.Reverse().ToArray();

        Assert.Equal((StoreOutcome.Duplicate, original), (results[0].Outcome, results[0].Existing));
        Assert.Equal(StoreOutcome.VersionConflict, results[1].Outcome);
        for (var i = 2; i < burst.Count; i++)
        {
            Assert.Equal(StoreOutcome.Done, results[i].Outcome);
            Assert.Equal(burst[i].Append.Updated, await store.FindAsync(owner, conversations[i].Id));
            var stored = await store.ReadMessagesAsync(owner, conversations[i].Id, new MessageQuery(10, false));
            Assert.Equal(burst[i].Append.Message, Assert.Single(stored));
        }

        // 60 appends issued together cannot all have waited for their own commit.
        Assert.Contains(groups, size => size > 1);
    }

    [Fact]
    public async Task An_append_the_database_refuses_fails_alone_and_its_group_still_commits()
    {
        var store = fixture.Store(Postgres);
        var owner = Build.Owner();
        var conversations = await InsertAsync(store, owner, 20);

        // PostgreSQL text cannot hold NUL: the API refuses it long before, so only a store-level write gets here.
        var appends = conversations.Select((c, i) => Build.Next(c, i == 7 ? "bad\0content" : $"good {i}")).ToList();
        var tasks = appends.Select(a => store.AppendAsync(a.Updated, a.Message, 1)).ToList();
        await Assert.ThrowsAnyAsync<Exception>(() => tasks[7]);

        for (var i = 0; i < tasks.Count; i++)
        {
            if (i == 7)
            {
                Assert.Equal(conversations[i], await store.FindAsync(owner, conversations[i].Id));
                continue;
            }

            Assert.Equal(StoreOutcome.Done, (await tasks[i]).Outcome);
            Assert.Equal(appends[i].Message, Assert.Single(await store.ReadMessagesAsync(owner, conversations[i].Id, new MessageQuery(10, false))));
        }
    }

    [Fact]
    public async Task Writes_arriving_one_at_a_time_are_each_committed_once_and_no_commit_is_empty()
    {
        var sizes = new ConcurrentQueue<int>();
        await using var group = new GroupCommit<int, int>(async writes =>
        {
            sizes.Enqueue(writes.Count);
            await Task.Yield();
            return [.. writes.Select(w => -w)];
        }, writers: 2);

        for (var i = 1; i <= 50; i++)
        {
            Assert.Equal(-i, await group.WriteAsync(i));
        }

        // Each write wakes both loops; the one that finds the queue drained must not commit an empty group.
        Assert.Equal(Enumerable.Repeat(1, 50), sizes);
    }

    private static async Task<List<Conversation>> InsertAsync(IConversationStore store, string owner, int count)
    {
        var conversations = new List<Conversation>();
        for (var i = 0; i < count; i++)
        {
            var conversation = Build.Conversation(owner);
            await store.InsertAsync(conversation);
            conversations.Add(conversation);
        }

        return conversations;
    }
}
