using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Wire;

namespace Runtype.Storage.Tests;

/// <summary>
/// A message's delivery on every provider: written by every append (a post alone, a grouped post, a batch) and read
/// back by every read; and changed by RecordDeliveryAsync, which writes the message's delivery, the conversation's
/// version and its message.delivery_updated event together, or none of them.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class DeliveryContractTests(StoreFixture fixture)
{
    private static readonly MessageDelivery Pending = new() { Status = DeliveryStatus.Pending };

    private static readonly MessageDelivery Failed = new()
    {
        Status = DeliveryStatus.Failed, Attempts = 7, LastError = "550 5.1.1 \"nobody\" here: ü 👋 \\ \n", SentAt = null,
    };

    private static readonly MessageDelivery Sent = new() { Status = DeliveryStatus.Sent, Attempts = 2, SentAt = Build.T0.AddMinutes(3) };

    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_append_stores_the_delivery_and_every_read_returns_it(string provider)
    {
        var store = fixture.Store(provider);
        var conversation = Build.Conversation(Build.Owner());
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(conversation, [])).Outcome);
        var (first, alone) = Build.Next(conversation, "alone");
        alone = alone with { Delivery = Failed };
        // Two posts to two conversations at once: on PostgreSQL they share a group commit (AppendMessageGroup.sql).
        var other = Build.Conversation(conversation.Owner);
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(other, [])).Outcome);
        var (otherFirst, grouped) = Build.Next(other, "grouped");
        grouped = grouped with { Delivery = Sent };
        var appended = await Task.WhenAll(store.AppendAsync(first, alone, 1, []), store.AppendAsync(otherFirst, grouped, 1, []));
        Assert.All(appended, r => Assert.Equal(StoreOutcome.Done, r.Outcome));
        var (second, pending) = Build.Next(first, "batch 1");
        var (third, none) = Build.Next(second, "batch 2");
        pending = pending with { Delivery = Pending };
        Assert.Equal(StoreOutcome.Done, (await store.AppendBatchAsync(third, [pending, none], first.Version, [])).Outcome);

        Assert.Equal([alone, pending, none], await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, Descending: false)));
        Assert.Equal([none, pending, alone], await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, Descending: true)));
        Assert.Equal(alone, await store.FindMessageAsync(conversation.Owner, conversation.Id, alone.Id));
        Assert.Equal(grouped, await store.FindMessageAsync(other.Owner, other.Id, grouped.Id));
        Assert.Null((await store.FindMessageAsync(conversation.Owner, conversation.Id, none.Id))!.Delivery);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Recording_a_delivery_writes_the_message_the_version_and_the_event_together(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var (conversation, target, kept) = await SeedAsync(store);
        var before = (await log.ReadAsync(conversation.Owner, new EventQuery(EventPosition.Start, 100))).Items;

        var (updated, delivered, change) = Delivery(conversation, target, Sent);
        // Only the delivery is the write's: a message carrying other content changes nothing else of the stored one.
        var result = await store.RecordDeliveryAsync(updated, delivered with { Content = "not written" }, conversation.Version, [change]);

        Assert.Equal(StoreOutcome.Done, result.Outcome);
        Assert.Equal(updated, await store.FindAsync(conversation.Owner, conversation.Id));
        Assert.Equal(conversation.UpdatedAt, updated.UpdatedAt);
        Assert.Equal(delivered, await store.FindMessageAsync(conversation.Owner, conversation.Id, target.Id));
        Assert.Equal([delivered, kept], await store.ReadMessagesAsync(conversation.Owner, conversation.Id, new MessageQuery(10, Descending: false)));
        var after = (await log.ReadAsync(conversation.Owner, new EventQuery(EventPosition.Start, 100))).Items;
        Assert.Equal(before.Select(e => (e.Position, e.Event)), after.Take(before.Count).Select(e => (e.Position, e.Event)));
        Assert.Equal(change, Assert.Single(after.Skip(before.Count)).Event);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_delivery_from_a_stale_version_of_a_gone_conversation_or_an_unknown_message_changes_nothing(string provider)
    {
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var (conversation, target, _) = await SeedAsync(store);
        var (updated, delivered, change) = Delivery(conversation, target, Failed);
        var unknown = Build.Conversation(conversation.Owner);
        var stranger = delivered with { Id = Identifiers.NewMessageId() };

        var stale = await store.RecordDeliveryAsync(updated, delivered, conversation.Version - 1, [change]);
        var gone = await store.RecordDeliveryAsync(unknown with { Version = 2 }, delivered with { ConversationId = unknown.Id }, 1, [change with { ConversationId = unknown.Id }]);
        var missing = await store.RecordDeliveryAsync(updated, stranger, conversation.Version, [change]);

        Assert.Equal(StoreOutcome.VersionConflict, stale.Outcome);
        Assert.Equal(StoreOutcome.Missing, gone.Outcome);
        Assert.Equal(StoreOutcome.VersionConflict, missing.Outcome);
        Assert.Equal(conversation, await store.FindAsync(conversation.Owner, conversation.Id));
        Assert.Equal(target, await store.FindMessageAsync(conversation.Owner, conversation.Id, target.Id));
        var events = (await log.ReadAsync(conversation.Owner, new EventQuery(EventPosition.Start, 100))).Items;
        Assert.DoesNotContain(events, e => e.Event.Type == EventType.MessageDeliveryUpdated);
    }

    /// <summary>
    /// The write is one statement: an event the events table refuses (an id past its 30 characters, inserted after the
    /// message and the conversation were updated) takes the message's delivery and the version down with it.
    /// </summary>
    [Fact]
    public async Task A_refused_write_changes_neither_the_message_nor_the_version()
    {
        const string provider = "postgres";
        var (store, log) = (fixture.Store(provider), SettledEventLog.For(provider, fixture.Events(provider), () => fixture.Database(provider).ConnectionString));
        var (conversation, target, _) = await SeedAsync(store);
        var (updated, delivered, change) = Delivery(conversation, target, Sent);

        await Assert.ThrowsAsync<StorageFaultException>(() => store.RecordDeliveryAsync(updated, delivered, conversation.Version, [change with { Id = change.Id + "X" }]));

        Assert.Equal(conversation, await store.FindAsync(conversation.Owner, conversation.Id));
        Assert.Equal(target, await store.FindMessageAsync(conversation.Owner, conversation.Id, target.Id));
        var events = (await log.ReadAsync(conversation.Owner, new EventQuery(EventPosition.Start, 100))).Items;
        Assert.DoesNotContain(events, e => e.Event.Type == EventType.MessageDeliveryUpdated);
    }

    /// <summary>A conversation with two messages, the first to be emailed (pending), recorded as the grain records them.</summary>
    private static async Task<(Conversation Conversation, Message Target, Message Kept)> SeedAsync(IConversationStore store)
    {
        var conversation = Build.Conversation(Build.Owner());
        Assert.Equal(StoreOutcome.Done, (await store.InsertAsync(conversation, [Build.Event(conversation, EventType.ConversationCreated, 1)])).Outcome);
        var (first, target) = Build.Next(conversation, "to be emailed", "<" + Guid.NewGuid().ToString("N") + "@example.com>");
        target = target with { Direction = MessageDirection.Outbound, Delivery = Pending };
        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(first, target, 1, [Created(first, target)])).Outcome);
        var (second, kept) = Build.Next(first, "kept");
        Assert.Equal(StoreOutcome.Done, (await store.AppendAsync(second, kept, 2, [Created(second, kept)])).Outcome);
        return (second, target, kept);
    }

    /// <summary>As the grain records a delivery: one more version, the same updatedAt, the message as it now reads as the event's data.</summary>
    private static (Conversation Updated, Message Delivered, ConversationEvent Change) Delivery(Conversation current, Message target, MessageDelivery delivery)
    {
        var updated = current with { Version = current.Version + 1 };
        var delivered = target with { Delivery = delivery };
        var change = Build.Event(updated, EventType.MessageDeliveryUpdated, updated.Version, current.UpdatedAt.AddSeconds(1)) with
        {
            Data = WireValues.Render(delivered, MessageJson.Write), PreviousAttributes = null,
        };
        return (updated, delivered, change);
    }

    private static ConversationEvent Created(Conversation updated, Message message) =>
        Build.Event(updated, EventType.MessageCreated, updated.Version) with { Data = WireValues.Render(message, MessageJson.Write), PreviousAttributes = null };
}
