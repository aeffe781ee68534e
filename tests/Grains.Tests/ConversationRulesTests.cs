namespace Runtype.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ConversationRulesTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(MessageRole.User, MessageDirection.Inbound)]
    [InlineData(MessageRole.Assistant, MessageDirection.Outbound)]
    [InlineData(MessageRole.System, MessageDirection.Outbound)]
    public async Task Direction_defaults_from_the_role(MessageRole role, MessageDirection expected)
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client);

        var result = await grain.AddMessage(TestData.Message(role: role));

        Assert.Equal(expected, result.Message!.Direction);
    }

    [Fact]
    public async Task An_explicit_direction_is_kept()
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client);

        var result = await grain.AddMessage(TestData.Message(role: MessageRole.User, direction: MessageDirection.Outbound));

        Assert.Equal(MessageDirection.Outbound, result.Message!.Direction);
    }

    [Fact]
    public async Task Archived_conversation_rejects_new_messages()
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields(status: ConversationStatus.Archived));

        var result = await grain.AddMessage(TestData.Message());

        Assert.Equal(MessageOutcome.Archived, result.Outcome);
        Assert.Equal(0, (await grain.Get()).Conversation!.MessageCount);
    }

    [Fact]
    public async Task Posting_to_a_closed_conversation_reopens_it()
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields(status: ConversationStatus.Closed));

        var result = await grain.AddMessage(TestData.Message());

        Assert.Equal(MessageOutcome.Created, result.Outcome);
        Assert.Equal(ConversationStatus.Open, (await grain.Get()).Conversation!.Fields.Status);
    }

    [Fact]
    public async Task Each_message_counts_and_sets_lastMessageAt_and_updatedAt()
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client);
        var before = (await grain.Get()).Conversation!;

        var first = (await grain.AddMessage(TestData.Message())).Message!;
        var second = (await grain.AddMessage(TestData.Message())).Message!;
        var after = (await grain.Get()).Conversation!;

        Assert.Equal(2, after.MessageCount);
        Assert.Equal(second.CreatedAt, after.LastMessageAt);
        Assert.True(after.UpdatedAt >= second.CreatedAt);
        Assert.True(first.CreatedAt >= before.UpdatedAt);
        Assert.Equal(before.Version + 2, after.Version);
    }

    [Fact]
    public async Task A_duplicate_external_message_id_changes_nothing()
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields(status: ConversationStatus.Closed));
        var first = await grain.AddMessage(TestData.Message("original", externalId: "sms-1"));
        await grain.Update(new ConversationPatch(TestData.Fields(status: ConversationStatus.Closed), ConversationField.Status), null);
        var before = (await grain.Get()).Conversation!;

        var again = await grain.AddMessage(TestData.Message("re-delivered", externalId: "sms-1"));

        Assert.Equal(MessageOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.Message, again.Message);
        Assert.Equal(before, (await grain.Get()).Conversation);
    }

    [Fact]
    public async Task An_external_thread_maps_to_one_conversation_per_owner_and_surface()
    {
        var (_, owner, firstId) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields(thread: "thread-1"));
        var second = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, Identifiers.NewConversationId()));

        var taken = await second.Create(TestData.Fields(thread: "thread-1"));
        var otherSurface = await second.Create(TestData.Fields(surfaceId: "sms", thread: "thread-1"));

        Assert.Equal(ConversationOutcome.ThreadTaken, taken.Outcome);
        Assert.Equal(firstId, taken.ConflictingConversationId);
        Assert.Equal(ConversationOutcome.Created, otherSurface.Outcome);
    }

    [Fact]
    public async Task Moving_onto_a_taken_thread_is_refused_and_changes_nothing()
    {
        var (_, owner, holder) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields(thread: "t"));
        var mover = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, Identifiers.NewConversationId()));
        await mover.Create(TestData.Fields(thread: "u"));
        var before = (await mover.Get()).Conversation;

        var result = await mover.Update(new ConversationPatch(TestData.Fields(thread: "t"), ConversationField.ExternalThreadId), null);

        Assert.Equal(ConversationOutcome.ThreadTaken, result.Outcome);
        Assert.Equal(holder, result.ConflictingConversationId);
        Assert.Equal(before, (await mover.Get()).Conversation);
    }

    [Fact]
    public async Task Update_with_a_stale_version_is_refused()
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client);
        var patch = new ConversationPatch(TestData.Fields() with { Subject = "new" }, ConversationField.Subject);

        var stale = await grain.Update(patch, acceptedVersions: [99]);
        var current = await grain.Update(patch, acceptedVersions: [1]);

        Assert.Equal(ConversationOutcome.VersionMismatch, stale.Outcome);
        Assert.Equal(ConversationOutcome.Ok, current.Outcome);
        Assert.Equal("new", current.Conversation!.Fields.Subject);
        Assert.Equal(2, current.Conversation.Version);
    }

    [Fact]
    public async Task A_deleted_conversation_is_gone_for_every_operation_and_frees_its_thread()
    {
        var (grain, owner, _) = await TestData.NewConversationAsync(fixture.Client, TestData.Fields(thread: "t"));
        await grain.AddMessage(TestData.Message());

        Assert.Equal(ConversationOutcome.Ok, (await grain.Delete(null)).Outcome);

        Assert.Equal(ConversationOutcome.NotFound, (await grain.Get()).Outcome);
        Assert.Equal(ConversationOutcome.NotFound, (await grain.Delete(null)).Outcome);
        Assert.Equal(MessageOutcome.NotFound, (await grain.AddMessage(TestData.Message())).Outcome);
        Assert.False((await grain.ListMessages(new MessageQuery(10, false))).Found);
        var reuse = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, Identifiers.NewConversationId()));
        Assert.Equal(ConversationOutcome.Created, (await reuse.Create(TestData.Fields(thread: "t"))).Outcome);
    }

    [Fact]
    public async Task Another_owner_reaches_a_different_grain_that_finds_nothing()
    {
        var (_, _, id) = await TestData.NewConversationAsync(fixture.Client);
        var stranger = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(TestData.NewOwner(), id));

        Assert.Equal(ConversationOutcome.NotFound, (await stranger.Get()).Outcome);
        Assert.Equal(MessageOutcome.NotFound, (await stranger.AddMessage(TestData.Message())).Outcome);
    }

    [Fact]
    public async Task The_registered_surface_is_described_with_the_conversation()
    {
        var owner = TestData.NewOwner();
        await fixture.Client.GetGrain<ISurfaceGrain>(GrainKeys.Compose(owner, "support-mail")).Put("Support mailbox", "email", InactivityTimersPatch.None, email: null);
        var grain = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, Identifiers.NewConversationId()));

        var created = await grain.Create(TestData.Fields(surfaceId: "support-mail"));

        Assert.Equal("Support mailbox", created.Surface!.Name);
        Assert.Equal("email", created.Surface.Type);
    }
}
