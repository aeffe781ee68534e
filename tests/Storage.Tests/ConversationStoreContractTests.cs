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

    /// <summary>
    /// A page reports a page before it when a matching row lies at or before its key: the key's own row, still there,
    /// is the page the caller came from, even when nothing is left between it and the end (its neighbour deleted).
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Walking_forward_from_the_newest_reports_a_previous_page_even_when_nothing_follows(string provider)
    {
        var store = fixture.Store(provider);
        var index = fixture.Index(provider);
        var owner = Build.Owner();
        var newest = Build.Conversation(owner, at: Build.T0.AddMinutes(1));
        var older = Build.Conversation(owner);
        await store.InsertAsync(newest);
        await store.InsertAsync(older);
        var everything = new ConversationFilter();

        var first = await index.QueryAsync(owner, new ConversationListQuery(everything, 1));
        var second = await index.QueryAsync(owner, new ConversationListQuery(everything, 1, ConversationSortKey.Of(first.Items[0])));
        await store.DeleteAsync(owner, older.Id, older.Version);
        var emptied = await index.QueryAsync(owner, new ConversationListQuery(everything, 1, ConversationSortKey.Of(newest)));

        Assert.Equal((newest.Id, false, true), (Assert.Single(first.Items).Id, first.HasMoreBefore, first.HasMoreAfter));
        Assert.Equal((older.Id, true, false, 2L), (Assert.Single(second.Items).Id, second.HasMoreBefore, second.HasMoreAfter, second.TotalCount));
        Assert.Empty(emptied.Items);
        Assert.Equal((true, false, 1L), (emptied.HasMoreBefore, emptied.HasMoreAfter, emptied.TotalCount));
    }

    /// <summary>The mirror: walking back from the oldest reports a next page, its key's own row, whatever lies before it.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Walking_backward_from_the_oldest_reports_a_next_page_even_when_nothing_precedes(string provider)
    {
        var store = fixture.Store(provider);
        var index = fixture.Index(provider);
        var owner = Build.Owner();
        var newer = Build.Conversation(owner, at: Build.T0.AddMinutes(1));
        var oldest = Build.Conversation(owner);
        await store.InsertAsync(newer);
        await store.InsertAsync(oldest);
        var everything = new ConversationFilter();

        var back = await index.QueryAsync(owner, new ConversationListQuery(everything, 1, ConversationSortKey.Of(oldest), Backward: true));
        await store.DeleteAsync(owner, newer.Id, newer.Version);
        var emptied = await index.QueryAsync(owner, new ConversationListQuery(everything, 1, ConversationSortKey.Of(oldest), Backward: true));

        Assert.Equal((newer.Id, false, true, 2L), (Assert.Single(back.Items).Id, back.HasMoreBefore, back.HasMoreAfter, back.TotalCount));
        Assert.Empty(emptied.Items);
        Assert.Equal((false, true, 1L), (emptied.HasMoreBefore, emptied.HasMoreAfter, emptied.TotalCount));
    }

    /// <summary>
    /// A filtered listing walked page by page to its end and back: every page holds the next matching rows, says
    /// exactly whether more lie before and after it, and carries the filter's total. Rows of another shape are
    /// interleaved with the matching ones, and timestamps shared, so the key and the filters are both tested.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Filtered_listings_walk_to_their_end_and_back_with_the_right_flags_and_totals(string provider)
    {
        var store = fixture.Store(provider);
        var index = fixture.Index(provider);
        var owner = Build.Owner();
        var all = new List<Conversation>();
        for (var i = 0; i < 11; i++)
        {
            var conversation = Build.Conversation(owner, surface: i % 3 == 0 ? "sms" : "email", at: Build.T0.AddMinutes(i / 2),
                status: i % 2 == 0 ? ConversationStatus.Open : ConversationStatus.Closed);
            conversation = conversation with { Fields = conversation.Fields with { ParticipantEmail = i % 4 == 1 ? "p@example.com" : null } };
            await store.InsertAsync(conversation);
            all.Add(conversation);
        }

        ConversationFilter[] filters =
        [
            new(),
            new(SurfaceId: "email"),
            new(Status: ConversationStatus.Closed),
            new(SurfaceId: "email", Status: ConversationStatus.Open),
            new(ParticipantEmail: "p@example.com"),
        ];
        foreach (var filter in filters)
        {
            var expected = all.Where(c => (filter.SurfaceId is null || c.Fields.SurfaceId == filter.SurfaceId)
                    && (filter.Status is null || c.Fields.Status == filter.Status)
                    && (filter.ParticipantEmail is null || c.Fields.ParticipantEmail == filter.ParticipantEmail))
                .OrderBy(ConversationSortKey.Of).Select(c => c.Id).ToList();
            await AssertWalksAsync(index, owner, filter, expected, limit: 2);
        }
    }

    private static async Task AssertWalksAsync(IConversationIndex index, string owner, ConversationFilter filter, List<string> expected, int limit)
    {
        var pages = expected.Chunk(limit).ToList();
        ConversationSortKey? key = null;
        var forward = new List<ConversationListPage>();
        for (var i = 0; i < pages.Count; i++)
        {
            var page = await index.QueryAsync(owner, new ConversationListQuery(filter, limit, key));
            Assert.Equal(pages[i], page.Items.Select(c => c.Id));
            Assert.Equal((i > 0, i < pages.Count - 1, (long)expected.Count), (page.HasMoreBefore, page.HasMoreAfter, page.TotalCount));
            key = ConversationSortKey.Of(page.Items[^1]);
            forward.Add(page);
        }

        for (var i = pages.Count - 2; i >= 0; i--)
        {
            var page = await index.QueryAsync(owner, new ConversationListQuery(filter, limit, ConversationSortKey.Of(forward[i + 1].Items[0]), Backward: true));
            Assert.Equal(pages[i], page.Items.Select(c => c.Id));
            Assert.Equal((i > 0, true, (long)expected.Count), (page.HasMoreBefore, page.HasMoreAfter, page.TotalCount));
        }
    }
}
