using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Wire;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// Redaction on every provider: the message and the events recorded for it lose the content in the same write that
/// moves the conversation's version and records message.redacted; the feed keeps its order and positions.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class RedactionContractTests(StoreFixture fixture)
{
    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_redaction_erases_the_message_and_its_earlier_event_and_records_its_own(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var (conversation, target, kept) = await SeedAsync(store, secret);
        var before = (await log.ReadAsync(conversation.Owner, new EventQuery(EventPosition.Start, 100))).Items;
        Assert.Contains(before, e => e.Event.Data.Contains(secret, StringComparison.Ordinal));

        var (updated, redacted, redaction) = Redaction(conversation, target);
        Assert.Equal(StoreOutcome.Done, (await store.RedactAsync(updated, redacted, conversation.Version, [redaction])).Outcome);

        Assert.Equal(updated, await store.FindAsync(conversation.Owner, conversation.Id));
        Assert.Equal(redacted, await store.FindMessageAsync(conversation.Owner, conversation.Id, target.Id));
        Assert.Equal([redacted, kept], await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, Descending: false)));
        var after = (await log.ReadAsync(conversation.Owner, new EventQuery(EventPosition.Start, 100))).Items;
        // The same events at the same positions, the message's own now with the redacted message as data, then message.redacted.
        Assert.Equal(before.Select(e => (e.Position, e.Event.Id)), after.Take(before.Count).Select(e => (e.Position, e.Event.Id)));
        Assert.Equal(Render(redacted), after.Single(e => e.Event.Type == EventType.MessageCreated && e.Event.Data.StartsWith(MessageJson.Prefix(target.Id), StringComparison.Ordinal)).Event.Data);
        Assert.Equal(Render(kept), after.Single(e => e.Event.Type == EventType.MessageCreated && e.Event.Data.StartsWith(MessageJson.Prefix(kept.Id), StringComparison.Ordinal)).Event.Data);
        Assert.Equal(redaction, after[^1].Event);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.DoesNotContain(after, e => e.Event.Data.Contains(secret, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_redaction_from_a_stale_version_or_of_a_gone_conversation_changes_nothing(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var (conversation, target, _) = await SeedAsync(store, secret);
        var (updated, redacted, redaction) = Redaction(conversation, target);
        var unknown = Build.Conversation(conversation.Owner);

        var stale = await store.RedactAsync(updated, redacted, conversation.Version - 1, [redaction]);
        var gone = await store.RedactAsync(unknown with { Version = 2 }, redacted with { ConversationId = unknown.Id }, 1, [redaction with { ConversationId = unknown.Id }]);

        Assert.Equal(StoreOutcome.VersionConflict, stale.Outcome);
        Assert.Equal(StoreOutcome.Missing, gone.Outcome);
        Assert.Equal(conversation, await store.FindAsync(conversation.Owner, conversation.Id));
        Assert.Equal(target, await store.FindMessageAsync(conversation.Owner, conversation.Id, target.Id));
        var events = (await log.ReadAsync(conversation.Owner, new EventQuery(EventPosition.Start, 100))).Items;
        Assert.DoesNotContain(events, e => e.Event.Type == EventType.MessageRedacted);
        Assert.Contains(events, e => e.Event.Data.Contains(secret, StringComparison.Ordinal));
    }

    /// <summary>A conversation with two messages, the first holding <paramref name="secret"/> in content and metadata, recorded as the grain records them.</summary>
    private static async Task<(Conversation Conversation, Message Target, Message Kept)> SeedAsync(IConversationStore store, string secret)
    {
        var conversation = Build.Conversation(Build.Owner());
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(conversation, [Build.Event(conversation, EventType.ConversationCreated, 1)])).Outcome);
        var (first, target) = Build.Next(conversation, secret, "ext-" + Guid.NewGuid().ToString("N"));
        target = target with { Metadata = $$"""{"card":"{{secret}}-metadata"}""" };
        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(first, target, 1, [Created(first, target)])).Outcome);
        var (second, kept) = Build.Next(first, "kept");
        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(second, kept, 2, [Created(second, kept)])).Outcome);
        return (second, target, kept);
    }

    private static (Conversation Updated, Message Redacted, ConversationEvent Redaction) Redaction(Conversation current, Message target)
    {
        var updated = current with { UpdatedAt = current.UpdatedAt.AddMilliseconds(1), Version = current.Version + 1 };
        var redacted = target with { Content = "", Metadata = "{}", RedactedAt = updated.UpdatedAt };
        return (updated, redacted, Build.Event(updated, EventType.MessageRedacted, updated.Version) with { Data = Render(redacted), PreviousAttributes = null });
    }

    private static ConversationEvent Created(Conversation updated, Message message) =>
        Build.Event(updated, EventType.MessageCreated, updated.Version) with { Data = Render(message), PreviousAttributes = null };

    private static string Render(Message message) => WireValues.Render(message, MessageJson.Write);
}
