namespace Runtype.Grains.Tests;

/// <summary>The grain answers recent pages from memory; every page must equal what the store itself returns.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MessagePagingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Every_page_in_both_directions_matches_the_store()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        for (var i = 1; i <= 300; i++)
        {
            await grain.AddMessage(TestData.Message($"m{i}"));
        }

        foreach (var descending in new[] { false, true })
        {
            foreach (var limit in new[] { 1, 7, 100 })
            {
                foreach (long? after in new long?[] { null, 0, 1, 150, 172, 173, 199, 200, 250, 299, 300, 301, 1000 })
                {
                    var query = new MessageQuery(limit, descending, after);
                    var page = await grain.ListMessages(query);
                    var expected = await fixture.Store.ReadMessagesAsync(owner, id, query with { Limit = limit + 1 });

                    var context = $"desc={descending} limit={limit} after={after}";
                    Assert.True(expected.Take(limit).SequenceEqual(page.Messages), context);
                    Assert.True(page.HasMore == expected.Count > limit, context);
                    Assert.Equal(300, page.TotalCount);
                }
            }
        }
    }

    [Fact]
    public async Task Pages_stay_right_as_messages_keep_arriving()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        for (var i = 1; i <= 260; i++)
        {
            await grain.AddMessage(TestData.Message($"m{i}"));
            if (i % 37 == 0)
            {
                var latest = await grain.ListMessages(new MessageQuery(100, Descending: true));
                var expected = await fixture.Store.ReadMessagesAsync(owner, id, new MessageQuery(100, Descending: true));
                Assert.Equal(expected, latest.Messages);
            }
        }
    }
}
