using Runtype.Grains.Storage;

namespace Runtype.Grains.Tests;

/// <summary>The grain's side of redaction: its window, the version fence and a stale activation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RedactionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_stale_activation_reloads_and_redacts_on_top_of_what_another_writer_committed()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var target = (await grain.AddMessage(TestData.Message("secret"))).Message!;

        // Another writer (as a second activation during a silo failure would) commits a message behind the grain's back.
        var stored = (await fixture.Store.FindAsync(owner, id))!;
        var intruder = new Message { Id = Identifiers.NewMessageId(), ConversationId = id, Position = 2, Content = "from elsewhere", CreatedAt = stored.UpdatedAt };
        Assert.Equal(StoreOutcome.Done, (await fixture.Store.AppendAsync(stored with { MessageCount = 2, Version = stored.Version + 1 }, intruder, stored.Version, [])).Outcome);

        var result = await grain.RedactMessage(target.Id);

        Assert.Equal(MessageOutcome.Redacted, result.Outcome);
        Assert.Equal(stored.Version + 2, (await fixture.Store.FindAsync(owner, id))!.Version);
        var page = await grain.ListMessages(new MessageQuery(10, Descending: false));
        Assert.Equal(["", "from elsewhere"], page.Messages.Select(m => m.Content));
        Assert.Equal(result.Message, await grain.GetMessage(target.Id));
    }

    [Fact]
    public async Task A_second_redaction_writes_nothing_and_an_unknown_message_is_not_found()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var target = (await grain.AddMessage(TestData.Message("secret"))).Message!;
        var first = await grain.RedactMessage(target.Id);
        var version = (await fixture.Store.FindAsync(owner, id))!.Version;

        var second = await grain.RedactMessage(target.Id);
        var unknown = await grain.RedactMessage(Identifiers.NewMessageId());

        Assert.Equal((MessageOutcome.AlreadyRedacted, first.Message), (second.Outcome, second.Message));
        Assert.Equal(MessageOutcome.NotFound, unknown.Outcome);
        Assert.Equal(version, (await fixture.Store.FindAsync(owner, id))!.Version);
    }
}
