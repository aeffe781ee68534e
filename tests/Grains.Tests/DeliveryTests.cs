using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Grains.Tests;

/// <summary>
/// The grain's side of a message's delivery: a post stores the delivery it is given, RecordDelivery changes it in the
/// store, in the window and in one message.delivery_updated event (one version, updatedAt kept), not twice, and
/// finds nothing to change where there is no such message.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeliveryTests(ClusterFixture fixture)
{
    private static readonly MessageDelivery Pending = new() { Status = DeliveryStatus.Pending };

    [Fact]
    public async Task A_post_keeps_its_delivery_and_a_recorded_one_is_read_back_and_recorded_as_one_event()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var posted = (await grain.AddMessage(TestData.Message("reply", MessageRole.Assistant) with { Delivery = Pending })).Message!;
        Assert.Equal(Pending, posted.Delivery);
        await grain.ListMessages(new MessageQuery(10, Descending: false));
        var before = (await fixture.Store.FindAsync(owner, id))!;
        var sent = new MessageDelivery { Status = DeliveryStatus.Sent, Attempts = 1, SentAt = new DateTime(2026, 3, 1, 9, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567) };

        var result = await grain.RecordDelivery(posted.Id, sent);

        var expected = posted with { Delivery = sent with { SentAt = new DateTime(2026, 3, 1, 9, 0, 0, 123, DateTimeKind.Utc) } };
        Assert.Equal((MessageOutcome.DeliveryRecorded, expected), (result.Outcome, result.Message));
        Assert.Equal(expected, await grain.GetMessage(posted.Id));
        Assert.Equal([expected], (await grain.ListMessages(new MessageQuery(10, Descending: false))).Messages);
        Assert.Equal(expected, await fixture.Store.FindMessageAsync(owner, id, posted.Id));
        var after = (await fixture.Store.FindAsync(owner, id))!;
        Assert.Equal(before with { Version = before.Version + 1 }, after);
        var change = (await EventsOf(owner, id))[^1];
        Assert.Equal((EventType.MessageDeliveryUpdated, after.Version), (change.Type, change.Sequence));
        ExpectedJson.Equal(ExpectedJson.Message(expected), change.Data);
    }

    [Fact]
    public async Task The_same_delivery_again_writes_nothing_and_an_unknown_message_or_conversation_is_not_found()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var posted = (await grain.AddMessage(TestData.Message("reply", MessageRole.Assistant) with { Delivery = Pending })).Message!;
        var failed = new MessageDelivery { Status = DeliveryStatus.Failed, Attempts = 3, LastError = "550 mailbox unavailable" };
        var first = await grain.RecordDelivery(posted.Id, failed);
        var version = (await fixture.Store.FindAsync(owner, id))!.Version;

        var again = await grain.RecordDelivery(posted.Id, failed);
        var unknown = await grain.RecordDelivery(Identifiers.NewMessageId(), failed);
        var nowhere = await fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, Identifiers.NewConversationId())).RecordDelivery(posted.Id, failed);

        Assert.Equal((MessageOutcome.DeliveryRecorded, first.Message), (again.Outcome, again.Message));
        Assert.Equal(MessageOutcome.NotFound, unknown.Outcome);
        Assert.Equal(MessageOutcome.NotFound, nowhere.Outcome);
        Assert.Equal(version, (await fixture.Store.FindAsync(owner, id))!.Version);
        Assert.Single(await EventsOf(owner, id), e => e.Type == EventType.MessageDeliveryUpdated);
    }

    [Fact]
    public async Task A_long_error_is_cut_to_its_limit_in_characters_without_splitting_one()
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client);
        var posted = (await grain.AddMessage(TestData.Message("reply", MessageRole.Assistant) with { Delivery = Pending })).Message!;
        var error = "x" + string.Concat(Enumerable.Repeat("😀", FieldLimits.DeliveryError));

        var result = await grain.RecordDelivery(posted.Id, new MessageDelivery { Status = DeliveryStatus.Pending, Attempts = 1, LastError = error });

        Assert.Equal("x" + string.Concat(Enumerable.Repeat("😀", FieldLimits.DeliveryError - 1)), result.Message!.Delivery!.LastError);
        Assert.Equal(result.Message, await grain.GetMessage(posted.Id));
    }

    [Fact]
    public async Task A_stale_activation_reloads_and_records_on_top_of_what_another_writer_committed()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var target = (await grain.AddMessage(TestData.Message("reply", MessageRole.Assistant) with { Delivery = Pending })).Message!;
        var stored = (await fixture.Store.FindAsync(owner, id))!;
        var intruder = new Message { Id = Identifiers.NewMessageId(), ConversationId = id, Position = 2, Content = "from elsewhere", CreatedAt = stored.UpdatedAt };
        Assert.Equal(StoreOutcome.Done, (await fixture.Store.AppendAsync(stored with { MessageCount = 2, Version = stored.Version + 1 }, intruder, stored.Version, [])).Outcome);

        var result = await grain.RecordDelivery(target.Id, new MessageDelivery { Status = DeliveryStatus.Sent, Attempts = 1 });

        Assert.Equal(MessageOutcome.DeliveryRecorded, result.Outcome);
        Assert.Equal(stored.Version + 2, (await fixture.Store.FindAsync(owner, id))!.Version);
        var page = await grain.ListMessages(new MessageQuery(10, Descending: false));
        Assert.Equal([DeliveryStatus.Sent, (DeliveryStatus?)null], page.Messages.Select(m => m.Delivery?.Status));
    }

    private async Task<List<ConversationEvent>> EventsOf(string owner, string conversationId)
    {
        var page = await fixture.Store.Events.ReadAsync(owner, new EventQuery(EventPosition.Start, 500, conversationId));
        return [.. page.Items.Select(stored => stored.Event)];
    }
}
