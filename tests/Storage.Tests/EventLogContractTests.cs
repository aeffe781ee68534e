using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// The outbox, on every provider: a write records its events exactly when it makes its change, and the feed reads
/// them back whole, in order, per owner, with the filters and the cursor the API relies on.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class EventLogContractTests(StoreFixture fixture)
{
    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_write_records_its_events_and_they_read_back_identical(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var created = Build.Conversation(Build.Owner(), status: ConversationStatus.Closed);
        var written = new List<ConversationEvent>();

        written.Add(Build.Event(created, EventType.ConversationCreated, 1));
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(created, written[^1..])).Outcome);
        var renamed = created with { Fields = created.Fields with { Subject = "renamed" }, Version = 2 };
        written.Add(Build.Event(renamed, EventType.ConversationUpdated, 2));
        Assert.Equal(StoreOutcome.Done, (await store.UpdateAsync(renamed, 1, written[^1..])).Outcome);

        // A post that reopens a closed conversation: two events, the version grows by two.
        var (appended, message) = Build.Next(renamed);
        var reopened = appended with { Fields = appended.Fields with { Status = ConversationStatus.Open }, Version = 4 };
        written.Add(Build.Event(reopened, EventType.MessageCreated, 3));
        written.Add(Build.Event(reopened, EventType.ConversationUpdated, 4));
        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(reopened, message, 2, written[^2..])).Outcome);
        written.Add(Build.Event(reopened, EventType.ConversationDeleted, 5));
        Assert.Equal(StoreOutcome.Done, (await store.DeleteAsync(created.Owner, created.Id, 4, written[^1..])).Outcome);

        var page = await log.ReadAsync(created.Owner, new EventQuery(EventPosition.Start, 100));

        Assert.Equal(written, page.Items.Select(i => i.Event));
        Assert.Equal(page.Items.Select(i => i.Position).Order(), page.Items.Select(i => i.Position));
        Assert.True(page.Next >= page.Items[^1].Position);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Writes_that_change_nothing_record_nothing(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var owner = Build.Owner();
        var holder = Build.Conversation(owner, thread: "t");
        var other = Build.Conversation(owner, thread: "u");
        await store.InsertAsync(holder, [Build.Event(holder, EventType.ConversationCreated, 1)]);
        await store.InsertAsync(other, [Build.Event(other, EventType.ConversationCreated, 1)]);
        var (first, original) = Build.Next(holder, "original", "ext-1");
        await store.AppendAsync(first, original, 1, [Build.Event(first, EventType.MessageCreated, 2)]);
        var before = (await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100))).Items;

        var missing = Build.Conversation(owner);
        var taken = Build.Conversation(owner, thread: "t");
        var (again, copy) = Build.Next(first, "again", "ext-1");
        var (stale, staleMessage) = Build.Next(holder, "stale");
        var refused = new List<StoreResult>
        {
            await store.InsertAsync(holder with { Version = 9 }, [Build.Event(holder, EventType.ConversationCreated, 1)]),
            await store.InsertAsync(taken, [Build.Event(taken, EventType.ConversationCreated, 1)]),
            await store.UpdateAsync(holder with { Version = 3 }, 1, [Build.Event(holder, EventType.ConversationUpdated, 3)]),
            await store.UpdateAsync(missing with { Version = 2 }, 1, [Build.Event(missing, EventType.ConversationUpdated, 2)]),
            await store.UpdateAsync(other with { Fields = other.Fields with { ExternalThreadId = "t" }, Version = 2 }, 1, [Build.Event(other, EventType.ConversationUpdated, 2)]),
            await store.AppendAsync(again, copy, 2, [Build.Event(again, EventType.MessageCreated, 3)]),
            await store.AppendAsync(stale, staleMessage, 1, [Build.Event(stale, EventType.MessageCreated, 2)]),
            await store.DeleteAsync(owner, holder.Id, 1, [Build.Event(holder, EventType.ConversationDeleted, 2)]),
            await store.DeleteAsync(owner, missing.Id, 1, [Build.Event(missing, EventType.ConversationDeleted, 2)]),
        };

        Assert.DoesNotContain(refused, r => r.Outcome == StoreOutcome.Done);
        Assert.Equal(before, (await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100))).Items);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_feed_filters_by_conversation_and_type_pages_by_limit_and_keeps_its_place(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var owner = Build.Owner();
        var conversations = new List<Conversation>();
        for (var i = 0; i < 3; i++)
        {
            var conversation = Build.Conversation(owner);
            await store.InsertAsync(conversation, [Build.Event(conversation, EventType.ConversationCreated, 1)]);
            var (updated, message) = Build.Next(conversation);
            await store.AppendAsync(updated, message, 1, [Build.Event(updated, EventType.MessageCreated, 2)]);
            conversations.Add(updated);
        }

        var all = (await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100))).Items;
        var one = await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100, conversations[1].Id));
        var messages = await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100, Types: [EventType.MessageCreated]));
        var both = await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100, conversations[2].Id, [EventType.ConversationCreated, EventType.MessageCreated]));
        var none = await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100, conversations[2].Id, [EventType.ConversationDeleted]));

        Assert.Equal(6, all.Count);
        Assert.Equal(all.Where(e => e.Event.ConversationId == conversations[1].Id), one.Items);
        Assert.Equal(all.Where(e => e.Event.Type == EventType.MessageCreated), messages.Items);
        Assert.Equal(all.Where(e => e.Event.ConversationId == conversations[2].Id), both.Items);
        Assert.Empty(none.Items);
        Assert.True(none.Next >= all[^1].Position, "an empty page moves past what it examined");

        // Pages of two, each continuing from the last one's Next, read the whole feed once; past the end, Next never goes back.
        var paged = new List<StoredEvent>();
        var next = EventPosition.Start;
        for (var page = 0; page < 3; page++)
        {
            var read = await log.ReadAsync(owner, new EventQuery(next, 2));
            Assert.Equal(2, read.Items.Count);
            Assert.Equal(read.Items[^1].Position, read.Next);
            paged.AddRange(read.Items);
            next = read.Next;
        }

        var end = await log.ReadAsync(owner, new EventQuery(next, 2));
        Assert.Equal(all, paged);
        Assert.Empty(end.Items);
        Assert.True(end.Next >= next);
    }

    /// <summary>
    /// A page is bounded by the size of what it carries, not only by count: it stops before the event that would take it
    /// past <see cref="EventQuery.MaxBytes"/> (always carrying at least one), says it stopped short, and the reader
    /// continuing from it gets every event exactly once.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task A_page_stops_at_its_size_bound_and_the_reader_continues_without_loss_or_repeat(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var owner = Build.Owner();
        var conversation = Build.Conversation(owner);
        var written = new List<ConversationEvent> { Build.Event(conversation, EventType.ConversationCreated, 1) with { Data = "{\"pad\":\"" + new string('a', 3000) + "\"}" } };
        await store.InsertAsync(conversation, written);
        for (var version = 2; version <= 5; version++)
        {
            var renamed = conversation with { Fields = conversation.Fields with { Subject = $"s{version}" }, Version = version };
            written.Add(Build.Event(renamed, EventType.ConversationUpdated, version) with { Data = "{\"pad\":\"" + new string('b', 3000) + "\"}" });
            await store.UpdateAsync(renamed, version - 1, written[^1..]);
        }

        // Each event takes about 6 KB as held: a bound of 13 KB carries two, a bound of 1 KB still carries one.
        var pages = new List<EventPage>();
        var next = EventPosition.Start;
        do
        {
            pages.Add(await log.ReadAsync(owner, new EventQuery(next, 100, MaxBytes: 13_000)));
            next = pages[^1].Next;
        }
        while (pages[^1].More && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.More));
        Assert.Equal(written.Select(e => e.Id), pages.SelectMany(p => p.Items).Select(e => e.Event.Id));
        Assert.Equal(pages[0].Items[^1].Position, pages[0].Next);
        var tiny = await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100, MaxBytes: 1_000));
        Assert.Single(tiny.Items);
        Assert.True(tiny.More);
    }

    /// <summary>
    /// A filtered reader that is caught up must not scan again, on every poll, the events it passed that did not match:
    /// an empty page (and one that is not full) continues past everything it examined, and skips nothing to come.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task A_filtered_page_that_is_not_full_continues_past_what_it_examined_and_misses_nothing_later(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var owner = Build.Owner();
        var (watched, busy) = (Build.Conversation(owner), Build.Conversation(owner));
        await store.InsertAsync(watched, [Build.Event(watched, EventType.ConversationCreated, 1)]);
        await store.InsertAsync(busy, [Build.Event(busy, EventType.ConversationCreated, 1)]);
        var (byConversation, byType) = (new EventQuery(EventPosition.Start, 10, watched.Id), new EventQuery(EventPosition.Start, 10, Types: [EventType.ConversationDeleted]));
        var first = await log.ReadAsync(owner, byConversation);
        var noneYet = await log.ReadAsync(owner, byType);

        // Other events pass by: the caught-up readers' next page is empty, and starts past all of them.
        var current = busy;
        for (var version = 2; version <= 6; version++)
        {
            current = current with { Fields = current.Fields with { Subject = $"s{version}" }, Version = version };
            await store.UpdateAsync(current, version - 1, [Build.Event(current, EventType.ConversationUpdated, version)]);
        }

        var passed = (await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 100))).Items[^1].Position;
        var idle = await log.ReadAsync(owner, byConversation with { After = first.Next });
        var idleByType = await log.ReadAsync(owner, byType with { After = noneYet.Next });
        Assert.Single(first.Items);
        Assert.Empty(idle.Items);
        Assert.Empty(idleByType.Items);
        Assert.True(idle.Next >= passed, $"{idle.Next} is not past {passed}");
        Assert.True(idleByType.Next >= passed, $"{idleByType.Next} is not past {passed}");

        // What matches later still comes, once.
        var renamed = watched with { Fields = watched.Fields with { Subject = "later" }, Version = 2 };
        await store.UpdateAsync(renamed, 1, [Build.Event(renamed, EventType.ConversationUpdated, 2)]);
        await store.DeleteAsync(owner, busy.Id, 6, [Build.Event(busy, EventType.ConversationDeleted, 7)]);
        var later = await log.ReadAsync(owner, byConversation with { After = idle.Next });
        var deleted = await log.ReadAsync(owner, byType with { After = idleByType.Next });
        Assert.Equal([EventType.ConversationUpdated], later.Items.Select(e => e.Event.Type));
        Assert.Equal([busy.Id], deleted.Items.Select(e => e.Event.ConversationId));
        Assert.Empty((await log.ReadAsync(owner, byConversation with { After = later.Next })).Items);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_latest_position_is_the_owners_newest_event_and_reading_after_it_yields_only_later_events(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var owner = Build.Owner();
        Assert.Equal(EventPosition.Start, await log.LatestAsync(owner));

        var conversation = Build.Conversation(owner);
        await store.InsertAsync(conversation, [Build.Event(conversation, EventType.ConversationCreated, 1)]);
        var other = Build.Conversation(Build.Owner());
        await store.InsertAsync(other, [Build.Event(other, EventType.ConversationCreated, 1)]);
        var latest = await log.LatestAsync(owner);
        Assert.Equal((await log.ReadAsync(owner, new EventQuery(EventPosition.Start, 10))).Items.Single().Position, latest);

        var (updated, message) = Build.Next(conversation);
        await store.AppendAsync(updated, message, 1, [Build.Event(updated, EventType.MessageCreated, 2)]);
        var after = (await log.ReadAsync(owner, new EventQuery(latest, 10))).Items;
        Assert.Equal([EventType.MessageCreated], after.Select(e => e.Event.Type));
        Assert.Equal(after[0].Position, await log.LatestAsync(owner));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Another_owners_events_are_never_returned(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var mine = Build.Conversation(Build.Owner());
        var theirs = Build.Conversation(Build.Owner());
        await store.InsertAsync(theirs, [Build.Event(theirs, EventType.ConversationCreated, 1)]);
        await store.InsertAsync(mine, [Build.Event(mine, EventType.ConversationCreated, 1)]);

        var page = await log.ReadAsync(mine.Owner, new EventQuery(EventPosition.Start, 100));
        var byId = await log.ReadAsync(mine.Owner, new EventQuery(EventPosition.Start, 100, theirs.Id));

        Assert.Equal(mine.Id, Assert.Single(page.Items).Event.ConversationId);
        Assert.Empty(byId.Items);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Purging_deletes_only_older_events_in_batches(string provider)
    {
        // Its own store: purging is global, and the shared stores hold the other tests' events.
        await using var fresh = await FreshStore.CreateAsync(provider);
        var owner = Build.Owner();
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 5; i++)
        {
            var conversation = Build.Conversation(owner, at: old.AddMinutes(i));
            await fresh.Store.InsertAsync(conversation, [Build.Event(conversation, EventType.ConversationCreated, 1)]);
        }

        var recent = Build.Conversation(owner, at: old.AddDays(2));
        await fresh.Store.InsertAsync(recent, [Build.Event(recent, EventType.ConversationCreated, 1)]);

        var counts = new List<int>();
        for (var batch = 0; batch < 4; batch++)
        {
            counts.Add(await fresh.Events.PurgeAsync(old.AddDays(1), 2));
        }

        Assert.Equal([2, 2, 1, 0], counts);
        Assert.Equal(recent.Id, Assert.Single((await fresh.SettledEvents.ReadAsync(owner, new EventQuery(EventPosition.Start, 100))).Items).Event.ConversationId);
    }
}
