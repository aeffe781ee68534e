using Runtype.Testing;
using Runtype.Grains;
using Runtype.Grains.Storage;

namespace Runtype.Storage.Tests;

/// <summary>
/// Keys compare by their exact text on every store (issue 10: SQL Server pads with spaces before "=", and the
/// thread key once joined its parts ambiguously), and a message is found again by its id.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class ExactKeyContractTests(StoreFixture fixture)
{
    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Thread_keys_of_surfaces_and_threads_holding_newlines_never_collide(string provider)
    {
        var store = fixture.Store(provider);
        var owner = Build.Owner();

        var first = await store.InsertAsync(Build.Conversation(owner, thread: "c", surface: "a\nb"));
        var second = await store.InsertAsync(Build.Conversation(owner, thread: "b\nc", surface: "a"));
        var same = await store.InsertAsync(Build.Conversation(owner, thread: "c", surface: "a\nb"));

        Assert.Equal(StoreOutcome.Done, first.Outcome);
        Assert.Equal(StoreOutcome.Done, second.Outcome);
        Assert.Equal(StoreOutcome.ThreadTaken, same.Outcome);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task External_ids_that_differ_only_in_trailing_spaces_are_different_messages(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        var (first, m1) = Build.Next(conversation, "one", "m1");
        await store.AppendAsync(first, m1, conversation.Version);

        var (second, spaced) = Build.Next(first, "two", "m1 ");
        var result = await store.AppendAsync(second, spaced, first.Version);

        Assert.Equal(StoreOutcome.Done, result.Outcome);
        Assert.Equal(["m1", "m1 "], (await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, false))).Select(m => m.ExternalMessageId));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Listing_filters_match_exact_text_only(string provider)
    {
        var index = fixture.Index(provider);
        var store = fixture.Store(provider);
        var owner = Build.Owner();
        var conversation = Build.Conversation(owner, thread: "t", surface: "sms");
        await store.InsertAsync(conversation with { Fields = conversation.Fields with { ParticipantEmail = "a@example.com" } });

        async Task<long> Count(ConversationFilter filter) => (await index.QueryAsync(owner, new ConversationListQuery(filter, 10))).TotalCount;

        Assert.Equal(1, await Count(new ConversationFilter(SurfaceId: "sms", ExternalThreadId: "t", ParticipantEmail: "a@example.com")));
        Assert.Equal(0, await Count(new ConversationFilter(SurfaceId: "sms ")));
        Assert.Equal(0, await Count(new ConversationFilter(ExternalThreadId: "t ")));
        Assert.Equal(0, await Count(new ConversationFilter(ParticipantEmail: "a@example.com ")));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_message_sent_again_with_its_id_answers_with_the_stored_one_whatever_the_version(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        await store.InsertAsync(conversation);
        var (first, original) = Build.Next(conversation, "original");
        await store.AppendAsync(first, original, conversation.Version);

        // The retry of a request whose first attempt committed unseen: same id, built from the state before it.
        var (retry, _) = Build.Next(conversation, "original");
        var again = await store.AppendAsync(retry, original, conversation.Version);
        var (later, resent) = Build.Next(first, "original");
        var fromCurrent = await store.AppendAsync(later, resent with { Id = original.Id }, first.Version);

        Assert.Equal((StoreOutcome.Duplicate, original), (again.Outcome, again.Existing));
        Assert.Equal((StoreOutcome.Duplicate, original), (fromCurrent.Outcome, fromCurrent.Existing));
        Assert.Equal(first, await store.FindAsync(conversation.Owner, conversation.Id));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task One_message_is_found_by_id_in_its_own_conversation_only(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        var other = Build.Conversation(conversation.Owner);
        await store.InsertAsync(conversation);
        await store.InsertAsync(other);
        var (first, message) = Build.Next(conversation, "hello");
        await store.AppendAsync(first, message, conversation.Version);

        Assert.Equal(message, await store.FindMessageAsync(conversation.Owner, conversation.Id, message.Id));
        Assert.Null(await store.FindMessageAsync(other.Owner, other.Id, message.Id));
        Assert.Null(await store.FindMessageAsync(conversation.Owner, conversation.Id, Identifiers.NewMessageId()));
    }
}
