namespace Runtype.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ListingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Listing_pages_forward_and_back_over_the_same_rows_newest_first()
    {
        var owner = TestData.NewOwner();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var id = Identifiers.NewConversationId();
            await fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, id)).Create(TestData.Fields());
            ids.Add(id);
        }

        var catalog = fixture.Client.GetGrain<IConversationCatalogGrain>(0);
        var filter = new ConversationFilter();
        var first = await catalog.List(owner, new ConversationListQuery(filter, 3));
        var second = await catalog.List(owner, new ConversationListQuery(filter, 3, ConversationSortKey.Of(first.Items[^1])));
        var third = await catalog.List(owner, new ConversationListQuery(filter, 3, ConversationSortKey.Of(second.Items[^1])));
        var back = await catalog.List(owner, new ConversationListQuery(filter, 3, ConversationSortKey.Of(second.Items[0]), Backward: true));

        var expected = Enumerable.Reverse(ids).ToList();
        Assert.Equal(expected, first.Items.Concat(second.Items).Concat(third.Items).Select(c => c.Id));
        Assert.Equal(first.Items.Select(c => c.Id), back.Items.Select(c => c.Id));
        Assert.Equal((7, false, true), (first.TotalCount, first.HasMoreBefore, first.HasMoreAfter));
        Assert.Equal((true, true), (second.HasMoreBefore, second.HasMoreAfter));
        Assert.Equal((true, false), (third.HasMoreBefore, third.HasMoreAfter));
        Assert.False(back.HasMoreBefore);
    }

    [Fact]
    public async Task A_new_message_moves_its_conversation_to_the_front_and_filters_apply()
    {
        var owner = TestData.NewOwner();
        var older = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, Identifiers.NewConversationId()));
        await older.Create(TestData.Fields(surfaceId: "sms"));
        var newer = fixture.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, Identifiers.NewConversationId()));
        await newer.Create(TestData.Fields(surfaceId: "email", status: ConversationStatus.Closed));
        await Task.Delay(5);
        await older.AddMessage(TestData.Message());

        var catalog = fixture.Client.GetGrain<IConversationCatalogGrain>(0);
        var all = await catalog.List(owner, new ConversationListQuery(new ConversationFilter(), 10));
        var closed = await catalog.List(owner, new ConversationListQuery(new ConversationFilter(Status: ConversationStatus.Closed), 10));
        var sms = await catalog.List(owner, new ConversationListQuery(new ConversationFilter(SurfaceId: "sms"), 10));

        Assert.Equal(older.GetPrimaryKeyString(), GrainKeys.Compose(owner, all.Items[0].Id));
        Assert.Equal(2, all.TotalCount);
        Assert.Equal(GrainKeys.Compose(owner, closed.Items.Single().Id), newer.GetPrimaryKeyString());
        Assert.Equal(GrainKeys.Compose(owner, sms.Items.Single().Id), older.GetPrimaryKeyString());
        Assert.Equal(1, sms.TotalCount);
    }
}
