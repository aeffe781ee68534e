using System.Text.Json.Nodes;
using Runtype.Grains.Events;

namespace Runtype.Grains.Tests;

/// <summary>Each committed change of a conversation records its event, numbered by the version it made; nothing else does.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationEventTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Creating_records_conversation_created_with_the_conversation_as_get_returns_it()
    {
        var owner = TestData.NewOwner();
        await fixture.Client.GetGrain<ISurfaceGrain>(GrainKeys.Compose(owner, "support-mail")).Put("Support <mailbox>", "email", InactivityTimersPatch.None, email: null);
        var id = Identifiers.NewConversationId();
        var grain = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, id));

        var created = await grain.Create(TestData.Fields(surfaceId: "support-mail", thread: "t-1") with
        {
            Subject = "Ünïcödé & <b>", Context = """{"plan":"pro","n":[1,2.5]}""", Timezone = "UTC",
        });

        var e = Assert.Single(await EventsOf(owner, id));
        Assert.Equal(EventType.ConversationCreated, e.Type);
        Assert.Equal(1, e.Sequence);
        Assert.Matches("^evt_[0-9A-HJKMNP-TV-Z]{26}$", e.Id);
        Assert.Equal((owner, id), (e.Owner, e.ConversationId));
        Assert.Equal(created.Conversation!.CreatedAt, e.CreatedAt);
        Assert.Null(e.PreviousAttributes);
        ExpectedJson.Equal(ExpectedJson.Conversation(created.Conversation, created.Surface), e.Data);
        Assert.NotNull(created.Surface);
    }

    [Fact]
    public async Task Updating_records_the_previous_value_of_each_changed_field_only()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields() with { Subject = "old", Context = """{"x":1}""" });
        var values = TestData.Fields() with { Subject = "new", Timezone = "Europe/Paris", Context = """{"y":2}""" };

        // Status is named but keeps its value, so it is not a change.
        var updated = await grain.Update(new ConversationPatch(values, ConversationField.Subject | ConversationField.Timezone | ConversationField.Context | ConversationField.Status), null);

        var e = (await EventsOf(owner, id))[^1];
        Assert.Equal(EventType.ConversationUpdated, e.Type);
        Assert.Equal(2, e.Sequence);
        Assert.Equal(updated.Conversation!.UpdatedAt, e.CreatedAt);
        ExpectedJson.Equal(ExpectedJson.Conversation(updated.Conversation, updated.Surface), e.Data);
        ExpectedJson.Equal(JsonNode.Parse("""{"subject":"old","timezone":null,"context":{"x":1}}"""), e.PreviousAttributes);
    }

    [Fact]
    public async Task An_update_that_changes_no_field_still_takes_a_version_and_records_empty_previous_attributes()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields() with { Subject = "same" });

        var updated = await grain.Update(new ConversationPatch(TestData.Fields() with { Subject = "same" }, ConversationField.Subject), null);

        Assert.Equal(2, updated.Conversation!.Version);
        var e = (await EventsOf(owner, id))[^1];
        Assert.Equal((EventType.ConversationUpdated, 2L), (e.Type, e.Sequence));
        Assert.Equal("{}", e.PreviousAttributes);
    }

    [Fact]
    public async Task Posting_records_message_created_with_the_message_as_the_post_answered_it()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);

        var posted = await grain.AddMessage(TestData.Message("hi \"there\"", MessageRole.Assistant, externalId: "ext-1") with { Metadata = """{"k":[true,null]}""" });

        var e = (await EventsOf(owner, id))[^1];
        Assert.Equal((EventType.MessageCreated, 2L), (e.Type, e.Sequence));
        Assert.Equal(posted.Message!.CreatedAt, e.CreatedAt);
        Assert.Null(e.PreviousAttributes);
        ExpectedJson.Equal(ExpectedJson.Message(posted.Message), e.Data);
    }

    [Fact]
    public async Task Deleting_records_conversation_deleted_with_only_the_id()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        await grain.AddMessage(TestData.Message());

        await grain.Delete(null);

        var e = (await EventsOf(owner, id))[^1];
        Assert.Equal((EventType.ConversationDeleted, 3L), (e.Type, e.Sequence));
        ExpectedJson.Equal(new JsonObject { ["id"] = id }, e.Data);
    }

    [Fact]
    public async Task A_conversation_s_life_is_numbered_without_gaps_and_a_reopening_post_takes_two_versions()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        await grain.AddMessage(TestData.Message());
        await grain.Update(new ConversationPatch(TestData.Fields(status: ConversationStatus.Closed), ConversationField.Status), null);

        var reopening = await grain.AddMessage(TestData.Message("back again"));
        var reopened = await grain.Get();
        await grain.AddMessage(TestData.Message());
        await grain.Delete(null);

        var events = await EventsOf(owner, id);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], events.Select(e => e.Sequence));
        Assert.Equal(
            [EventType.ConversationCreated, EventType.MessageCreated, EventType.ConversationUpdated, EventType.MessageCreated,
             EventType.ConversationUpdated, EventType.MessageCreated, EventType.ConversationDeleted],
            events.Select(e => e.Type));
        Assert.Equal(5, reopened.Conversation!.Version);
        ExpectedJson.Equal(ExpectedJson.Message(reopening.Message!), events[3].Data);
        ExpectedJson.Equal(ExpectedJson.Conversation(reopened.Conversation, reopened.Surface), events[4].Data);
        Assert.Equal("""{"status":"closed"}""", events[4].PreviousAttributes);
        Assert.Equal(reopening.Message!.CreatedAt, events[4].CreatedAt);
    }

    [Fact]
    public async Task Refused_and_duplicate_writes_record_nothing()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields(thread: "mine"));
        await fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, Identifiers.NewConversationId())).Create(TestData.Fields(thread: "taken"));
        await grain.AddMessage(TestData.Message(externalId: "sms-1"));
        var before = await EventsOf(owner, id);

        Assert.Equal(MessageOutcome.Duplicate, (await grain.AddMessage(TestData.Message("again", externalId: "sms-1"))).Outcome);
        var patch = new ConversationPatch(TestData.Fields() with { Subject = "x" }, ConversationField.Subject);
        Assert.Equal(ConversationOutcome.VersionMismatch, (await grain.Update(patch, acceptedVersions: [99])).Outcome);
        Assert.Equal(ConversationOutcome.VersionMismatch, (await grain.Delete(acceptedVersions: [99])).Outcome);
        Assert.Equal(ConversationOutcome.ThreadTaken, (await grain.Update(new ConversationPatch(TestData.Fields(thread: "taken"), ConversationField.ExternalThreadId), null)).Outcome);
        var clashId = Identifiers.NewConversationId();
        var clash = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, clashId));
        Assert.Equal(ConversationOutcome.ThreadTaken, (await clash.Create(TestData.Fields(thread: "mine"))).Outcome);
        Assert.Equal(ConversationOutcome.AlreadyExists, (await grain.Create(TestData.Fields())).Outcome);

        Assert.Equal(before, await EventsOf(owner, id));
        Assert.Empty(await EventsOf(owner, clashId));
        Assert.Equal(2, before.Count);
    }

    [Fact]
    public async Task An_archived_conversation_records_nothing_for_a_post()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields(status: ConversationStatus.Archived));

        Assert.Equal(MessageOutcome.Archived, (await grain.AddMessage(TestData.Message())).Outcome);

        Assert.Equal([EventType.ConversationCreated], (await EventsOf(owner, id)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_retry_under_a_reserved_id_whose_first_attempt_committed_unseen_records_nothing_more()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var reserved = Identifiers.NewMessageId();

        // The first attempt committed behind the grain's back (its answer lost): the store holds the message and its event.
        var current = (await fixture.Store.FindAsync(owner, id))!;
        var first = new Message { Id = reserved, ConversationId = id, Position = 1, Content = "hello", CreatedAt = current.UpdatedAt };
        var firstEvent = new ConversationEvent
        {
            Id = Identifiers.NewEventId(), Type = EventType.MessageCreated, CreatedAt = first.CreatedAt, Owner = owner,
            ConversationId = id, Sequence = 2, Data = "{}",
        };
        await fixture.Store.AppendAsync(current with { MessageCount = 1, LastMessageAt = first.CreatedAt, Version = 2 }, first, 1, [firstEvent]);

        var retry = await grain.AddMessage(TestData.Message() with { Id = reserved });

        Assert.Equal(MessageOutcome.CreatedByEarlierAttempt, retry.Outcome);
        Assert.Equal([1L, 2], (await EventsOf(owner, id)).Select(e => e.Sequence));
        Assert.Equal(firstEvent.Id, (await EventsOf(owner, id))[^1].Id);
    }

    private async Task<List<ConversationEvent>> EventsOf(string owner, string conversationId)
    {
        var page = await fixture.Store.Events.ReadAsync(owner, new EventQuery(EventPosition.Start, 500, conversationId));
        return [.. page.Items.Select(stored => stored.Event)];
    }
}
