using Runtype.Testing;
using Runtype.Grains;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Tests;

/// <summary>What every store must do, run against each provider: the grain relies on exactly these answers.</summary>
[Collection(StoreCollection.Name)]
public sealed class ConversationStoreContractTests(StoreFixture fixture)
{
    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_stored_conversation_reads_back_identical(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner(), thread: "thread-ü") with
        {
            Fields = new ConversationFields
            {
                SurfaceId = "email",
                Status = ConversationStatus.Closed,
                Subject = "Grüße 👋 \"quoted\" 'single' \\ back",
                ParticipantName = "Zoë",
                ParticipantEmail = "zoe@example.com",
                ExternalParticipantId = "p-1",
                ExternalThreadId = "thread-ü",
                Timezone = "America/New_York",
                Context = """{"a":[1,2.5,{"b":null}],"c":"é"}""",
                ParticipantMetadata = """{"vip":true}""",
            },
            LastMessageAt = Build.T0.AddSeconds(1),
            MessageCount = 0,
            Version = 1,
        };

        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(conversation)).Outcome);

        Assert.Equal(conversation, await store.FindAsync(conversation.Owner, conversation.Id));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Another_owner_cannot_find_a_conversation(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);

        Assert.Null(await store.FindAsync(Build.Owner(), conversation.Id));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Inserting_an_existing_id_is_refused(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);

        Assert.Equal(StoreOutcome.AlreadyExists, (await store.InsertAsync(conversation with { Version = 9 })).Outcome);
        Assert.Equal(1, (await store.FindAsync(conversation.Owner, conversation.Id))!.Version);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task One_conversation_per_owner_surface_and_thread(string provider)
    {
        var store = fixture.Store(provider);
        var owner = Build.Owner();
        var holder = Build.Conversation(owner, thread: "t");
        await store.InsertAsync(holder);

        var taken = await store.InsertAsync(Build.Conversation(owner, thread: "t"));
        var otherSurface = await store.InsertAsync(Build.Conversation(owner, thread: "t", surface: "sms"));
        var otherOwner = await store.InsertAsync(Build.Conversation(Build.Owner(), thread: "t"));

        Assert.Equal((StoreOutcome.ThreadTaken, holder.Id), (taken.Outcome, taken.ConflictingConversationId));
        Assert.Equal(StoreOutcome.Done, otherSurface.Outcome);
        Assert.Equal(StoreOutcome.Done, otherOwner.Outcome);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Updates_apply_only_to_the_expected_version(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        var renamed = conversation with { Fields = conversation.Fields with { Subject = "new" }, Version = 2 };

        var stale = await store.UpdateAsync(renamed with { Version = 3 }, expectedVersion: 2);
        var current = await store.UpdateAsync(renamed, expectedVersion: 1);
        var missing = await store.UpdateAsync(Build.Conversation(conversation.Owner), expectedVersion: 1);

        Assert.Equal(StoreOutcome.VersionConflict, stale.Outcome);
        Assert.Equal(StoreOutcome.Done, current.Outcome);
        Assert.Equal(StoreOutcome.Missing, missing.Outcome);
        Assert.Equal(renamed, await store.FindAsync(conversation.Owner, conversation.Id));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Moving_onto_a_taken_thread_is_refused(string provider)
    {
        var store = fixture.Store(provider);
        var owner = Build.Owner();
        var holder = Build.Conversation(owner, thread: "t");
        var mover = Build.Conversation(owner, thread: "u");
        await store.InsertAsync(holder);
        await store.InsertAsync(mover);

        var result = await store.UpdateAsync(mover with { Fields = mover.Fields with { ExternalThreadId = "t" }, Version = 2 }, 1);

        Assert.Equal((StoreOutcome.ThreadTaken, holder.Id), (result.Outcome, result.ConflictingConversationId));
        Assert.Equal(mover, await store.FindAsync(owner, mover.Id));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Appends_store_the_message_and_the_counters_together(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        var (updated, message) = Build.Next(conversation, "Hello 👋\nline two", "ext-1");

        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(updated, message, 1)).Outcome);

        Assert.Equal(updated, await store.FindAsync(conversation.Owner, conversation.Id));
        var read = await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, false));
        Assert.Equal(message, Assert.Single(read));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_stale_append_writes_nothing(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        var (first, firstMessage) = Build.Next(conversation, "first");
        await store.AppendAsync(first, firstMessage, 1);

        // A second activation still believes version 1 and position 1 are current.
        var (rival, rivalMessage) = Build.Next(conversation, "rival");
        var result = await store.AppendAsync(rival, rivalMessage, 1);

        Assert.Equal(StoreOutcome.VersionConflict, result.Outcome);
        Assert.Equal(first, await store.FindAsync(conversation.Owner, conversation.Id));
        Assert.Equal(["first"], (await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, false))).Select(m => m.Content));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Racing_appends_at_one_version_commit_exactly_one(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
        {
            var (updated, message) = Build.Next(conversation, $"racer {i}");
            return store.AppendAsync(updated, message, 1);
        }));

        Assert.Single(results, r => r.Outcome == StoreOutcome.Done);
        Assert.Equal(7, results.Count(r => r.Outcome == StoreOutcome.VersionConflict));
        Assert.Single(await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, false)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_known_external_id_answers_with_the_stored_message_whatever_the_version(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        var (first, original) = Build.Next(conversation, "original", "sms-7");
        await store.AppendAsync(first, original, 1);

        var (again, redelivered) = Build.Next(first, "redelivered", "sms-7");
        var fresh = await store.AppendAsync(again, redelivered, first.Version);
        var (stale, staleCopy) = Build.Next(conversation, "stale copy", "sms-7");
        var fromStale = await store.AppendAsync(stale, staleCopy, 1);

        Assert.Equal((StoreOutcome.Duplicate, original), (fresh.Outcome, fresh.Existing));
        Assert.Equal((StoreOutcome.Duplicate, original), (fromStale.Outcome, fromStale.Existing));
        Assert.Equal(first, await store.FindAsync(conversation.Owner, conversation.Id));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Messages_read_in_either_direction_from_a_bound(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        var current = conversation;
        for (var i = 1; i <= 5; i++)
        {
            var (updated, message) = Build.Next(current, $"m{i}");
            await store.AppendAsync(updated, message, current.Version);
            current = updated;
        }

        async Task<string> Read(MessageQuery query) =>
            string.Join(",", (await store.ReadMessagesAsync(conversation.Owner, conversation.Id, query)).Select(m => m.Content));

        Assert.Equal("m1,m2", await Read(new MessageQuery(2, false)));
        Assert.Equal("m3,m4,m5", await Read(new MessageQuery(10, false, After: 2)));
        Assert.Equal("m5,m4", await Read(new MessageQuery(2, true)));
        Assert.Equal("m2,m1", await Read(new MessageQuery(10, true, After: 3)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Deleting_removes_the_conversation_its_messages_and_its_thread(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner(), thread: "t");
        await store.InsertAsync(conversation);
        var (updated, message) = Build.Next(conversation);
        await store.AppendAsync(updated, message, 1);

        Assert.Equal(StoreOutcome.VersionConflict, (await store.DeleteAsync(conversation.Owner, conversation.Id, 1)).Outcome);
        Assert.Equal(StoreOutcome.Done, (await store.DeleteAsync(conversation.Owner, conversation.Id, 2)).Outcome);

        Assert.Null(await store.FindAsync(conversation.Owner, conversation.Id));
        Assert.Empty(await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, false)));
        Assert.Equal(StoreOutcome.Missing, (await store.DeleteAsync(conversation.Owner, conversation.Id, 2)).Outcome);
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(Build.Conversation(conversation.Owner, thread: "t"))).Outcome);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Listing_is_newest_first_filtered_counted_and_pages_both_ways(string provider)
    {
        var store = fixture.Store(provider);
        var index = fixture.Index(provider);
        var owner = Build.Owner();
        var all = new List<Conversation>();
        for (var i = 0; i < 9; i++)
        {
            // Two share each timestamp so the id breaks ties.
            var conversation = Build.Conversation(owner, surface: i % 3 == 0 ? "sms" : "email", at: Build.T0.AddMinutes(i / 2),
                status: i % 2 == 0 ? ConversationStatus.Open : ConversationStatus.Closed);
            await store.InsertAsync(conversation);
            all.Add(conversation);
        }

        await store.InsertAsync(Build.Conversation(Build.Owner()));
        var expected = all.OrderBy(ConversationSortKey.Of).Select(c => c.Id).ToList();
        var everything = new ConversationFilter();

        var first = await index.QueryAsync(owner, new ConversationListQuery(everything, 4));
        var second = await index.QueryAsync(owner, new ConversationListQuery(everything, 4, ConversationSortKey.Of(first.Items[^1])));
        var third = await index.QueryAsync(owner, new ConversationListQuery(everything, 4, ConversationSortKey.Of(second.Items[^1])));
        var back = await index.QueryAsync(owner, new ConversationListQuery(everything, 4, ConversationSortKey.Of(second.Items[0]), Backward: true));

        Assert.Equal(expected, first.Items.Concat(second.Items).Concat(third.Items).Select(c => c.Id));
        Assert.Equal(first.Items, back.Items);
        Assert.Equal((9L, false, true), (first.TotalCount, first.HasMoreBefore, first.HasMoreAfter));
        Assert.Equal((true, true), (second.HasMoreBefore, second.HasMoreAfter));
        Assert.Equal((true, false), (third.HasMoreBefore, third.HasMoreAfter));
        Assert.Equal((false, true), (back.HasMoreBefore, back.HasMoreAfter));

        var smsOpen = await index.QueryAsync(owner, new ConversationListQuery(new ConversationFilter(SurfaceId: "sms", Status: ConversationStatus.Open), 10));
        Assert.Equal(all.Where(c => c.Fields.SurfaceId == "sms" && c.Fields.Status == ConversationStatus.Open).OrderBy(ConversationSortKey.Of).Select(c => c.Id), smsOpen.Items.Select(c => c.Id));
        Assert.Equal(smsOpen.Items.Count, smsOpen.TotalCount);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Listing_filters_on_thread_and_email_exactly(string provider)
    {
        var store = fixture.Store(provider);
        var owner = Build.Owner();
        var match = Build.Conversation(owner, thread: "Thread-A") with { Fields = new ConversationFields { SurfaceId = "email", ExternalThreadId = "Thread-A", ParticipantEmail = "A@example.com" } };
        await store.InsertAsync(match);
        await store.InsertAsync(Build.Conversation(owner, thread: "thread-a"));

        var byThread = await fixture.Index(provider).QueryAsync(owner, new ConversationListQuery(new ConversationFilter(ExternalThreadId: "Thread-A"), 10));
        var byEmail = await fixture.Index(provider).QueryAsync(owner, new ConversationListQuery(new ConversationFilter(ParticipantEmail: "A@example.com"), 10));
        var byOtherCase = await fixture.Index(provider).QueryAsync(owner, new ConversationListQuery(new ConversationFilter(ParticipantEmail: "a@example.com"), 10));

        Assert.Equal(match.Id, Assert.Single(byThread.Items).Id);
        Assert.Equal(match.Id, Assert.Single(byEmail.Items).Id);
        Assert.Empty(byOtherCase.Items);
    }
}
