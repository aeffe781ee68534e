using Runtype.Grains;
using Runtype.Grains.Storage;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// IConversationIndex.FindByExternalMessageIdsAsync on every provider: how a reply mail finds the conversation holding
/// a message it names. Exact ids only (SQL Server's "=" pads with spaces), only the owner's conversations on the
/// surface, none of a deleted conversation, up to 200 ids in one call, read from what the store has committed.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class ExternalMessageLookupContractTests(StoreFixture fixture)
{
    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Each_id_finds_the_conversations_that_hold_it_exactly_with_their_status(string provider)
    {
        var (store, index) = (fixture.Store(provider), fixture.Index(provider));
        var owner = Build.Owner();
        var open = await ConversationWithAsync(store, owner, "email", ConversationStatus.Open, "<a@x>", "<b@x>");
        var closed = await ConversationWithAsync(store, owner, "email", ConversationStatus.Closed, "<b@x>", "<a@x> ");

        var found = await index.FindByExternalMessageIdsAsync(owner, "email", ["<a@x>", "<b@x>", "<c@x>", "<a@x>"]);

        ExternalMessageMatch[] expected =
            [new("<a@x>", open.Id, ConversationStatus.Open), new("<b@x>", closed.Id, ConversationStatus.Closed), new("<b@x>", open.Id, ConversationStatus.Open)];
        Assert.Equal(Ordered(expected), Ordered(found));
        Assert.Equal([new ExternalMessageMatch("<a@x> ", closed.Id, ConversationStatus.Closed)], await index.FindByExternalMessageIdsAsync(owner, "email", ["<a@x> "]));
        Assert.Empty(await index.FindByExternalMessageIdsAsync(owner, "email", ["<A@x>", " <a@x>", "<a@x"]));
        Assert.Empty(await index.FindByExternalMessageIdsAsync(owner, "email", []));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Another_owner_another_surface_and_a_deleted_conversation_are_not_found(string provider)
    {
        var (store, index) = (fixture.Store(provider), fixture.Index(provider));
        var owner = Build.Owner();
        var mine = await ConversationWithAsync(store, owner, "email", ConversationStatus.Open, "<kept@x>");
        await ConversationWithAsync(store, Build.Owner(), "email", ConversationStatus.Open, "<theirs@x>");
        await ConversationWithAsync(store, owner, "email ", ConversationStatus.Open, "<padded@x>");
        await ConversationWithAsync(store, owner, "sms", ConversationStatus.Open, "<sms@x>");
        var deleted = await ConversationWithAsync(store, owner, "email", ConversationStatus.Open, "<deleted@x>", "<kept@x>");
        Assert.Equal(StoreOutcome.Done, (await store.DeleteAsync(owner, deleted.Id, deleted.Version)).Outcome);

        var found = await index.FindByExternalMessageIdsAsync(owner, "email", ["<kept@x>", "<theirs@x>", "<padded@x>", "<sms@x>", "<deleted@x>"]);

        Assert.Equal([new ExternalMessageMatch("<kept@x>", mine.Id, ConversationStatus.Open)], found);
        Assert.Equal(["<padded@x>"], (await index.FindByExternalMessageIdsAsync(owner, "email ", ["<padded@x>", "<kept@x>"])).Select(m => m.ExternalMessageId));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Two_hundred_ids_are_looked_up_in_one_call_and_more_are_refused(string provider)
    {
        var (store, index) = (fixture.Store(provider), fixture.Index(provider));
        var owner = Build.Owner();
        var ids = Enumerable.Range(0, IConversationIndex.MaxExternalMessageIds).Select(i => $"<{i}.{Guid.NewGuid():N}@example.com>").ToList();
        var first = await ConversationWithAsync(store, owner, "email", ConversationStatus.Open, [.. ids.Take(120)]);
        var second = await ConversationWithAsync(store, owner, "email", ConversationStatus.Archived, [.. ids.Skip(120).Where((_, i) => i % 2 == 0)]);

        var found = await index.FindByExternalMessageIdsAsync(owner, "email", ids);

        var expected = ids.Take(120).Select(id => new ExternalMessageMatch(id, first.Id, ConversationStatus.Open))
            .Concat(ids.Skip(120).Where((_, i) => i % 2 == 0).Select(id => new ExternalMessageMatch(id, second.Id, ConversationStatus.Archived)));
        Assert.Equal(Ordered(expected), Ordered(found));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.FindByExternalMessageIdsAsync(owner, "email", [.. ids, "<one more@x>"]));
    }

    /// <summary>A conversation on <paramref name="surface"/> holding one message per external id, then moved to <paramref name="status"/>.</summary>
    private static async Task<Conversation> ConversationWithAsync(IConversationStore store, string owner, string surface, ConversationStatus status, params string[] externalIds)
    {
        var current = Build.Conversation(owner, surface: surface);
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(current)).Outcome);
        var (updated, messages) = (current, new List<Message>());
        foreach (var externalId in externalIds)
        {
            (updated, var message) = Build.Next(updated, "mail", externalId);
            messages.Add(message);
        }

        if (messages.Count > 0)
        {
            Assert.Equal(StoreOutcome.Done, (await store.AppendBatchAsync(updated, messages, current.Version, [])).Outcome);
        }

        var moved = updated with { Fields = updated.Fields with { Status = status }, Version = updated.Version + 1 };
        Assert.Equal(StoreOutcome.Done, (await store.UpdateAsync(moved, updated.Version)).Outcome);
        return moved;
    }

    private static List<ExternalMessageMatch> Ordered(IEnumerable<ExternalMessageMatch> matches) =>
        [.. matches.OrderBy(m => m.ExternalMessageId, StringComparer.Ordinal).ThenBy(m => m.ConversationId, StringComparer.Ordinal)];
}
