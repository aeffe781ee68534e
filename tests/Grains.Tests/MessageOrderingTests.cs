namespace Runtype.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class MessageOrderingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Concurrent_posts_from_both_silos_get_one_gapless_total_order()
    {
        var (_, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var key = GrainKeys.Compose(owner, id);
        var fromFirst = fixture.SiloGrainFactory(0).GetGrain<IConversationGrain>(key);
        var fromSecond = fixture.SiloGrainFactory(1).GetGrain<IConversationGrain>(key);

        const int perSilo = 100;
        var posts = Enumerable.Range(0, perSilo)
            .SelectMany(i => new[]
            {
                fromFirst.AddMessage(TestData.Message($"a{i}")),
                fromSecond.AddMessage(TestData.Message($"b{i}")),
            })
            .ToList();
        var results = await Task.WhenAll(posts);

        Assert.All(results, r => Assert.Equal(MessageOutcome.Created, r.Outcome));
        var positions = results.Select(r => r.Message!.Position).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 2 * perSilo).Select(i => (long)i), positions);

        var page = await fromFirst.ListMessages(new MessageQuery(1000, Descending: false));
        Assert.Equal(2 * perSilo, page.TotalCount);
        Assert.Equal(2 * perSilo, page.Messages.Select(m => m.Id).Distinct().Count());
        Assert.Equal(page.Messages.Select(m => m.Position), page.Messages.Select(m => m.Position).Order());
        Assert.Equal(results.Select(r => r.Message!.Content).Order(StringComparer.Ordinal), page.Messages.Select(m => m.Content).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreatedAt_never_decreases_along_the_order()
    {
        var (grain, _, _) = await TestData.NewConversationAsync(fixture.Client);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => grain.AddMessage(TestData.Message($"m{i}"))));

        var page = await grain.ListMessages(new MessageQuery(100, Descending: false));
        var times = page.Messages.Select(m => m.CreatedAt).ToList();
        Assert.Equal(50, times.Count);
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] >= times[i - 1], $"createdAt went back at position {i + 1}");
        }
    }

    [Fact]
    public async Task Concurrent_duplicates_from_both_silos_store_exactly_one_message()
    {
        var (_, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var key = GrainKeys.Compose(owner, id);
        var grains = new[] { fixture.SiloGrainFactory(0), fixture.SiloGrainFactory(1) };

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => grains[i % 2].GetGrain<IConversationGrain>(key).AddMessage(TestData.Message($"copy {i}", externalId: "gateway-42"))));

        Assert.Single(results, r => r.Outcome == MessageOutcome.Created);
        Assert.Equal(19, results.Count(r => r.Outcome == MessageOutcome.Duplicate));
        var first = results.Single(r => r.Outcome == MessageOutcome.Created).Message!;
        Assert.All(results, r => Assert.Equal(first.Id, r.Message!.Id));
        var conversation = (await grains[0].GetGrain<IConversationGrain>(key).Get()).Conversation!;
        Assert.Equal(1, conversation.MessageCount);
    }

    [Fact]
    public async Task A_stale_activation_reloads_and_appends_after_what_another_writer_committed()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        await grain.AddMessage(TestData.Message("first"));

        // Another writer (as a second activation during a silo failure would) commits position 2 behind the grain's back.
        var stored = (await fixture.Store.FindAsync(owner, id))!;
        var intruder = new Message { Id = Identifiers.NewMessageId(), ConversationId = id, Position = 2, Content = "from elsewhere", CreatedAt = stored.UpdatedAt };
        var write = await fixture.Store.AppendAsync(stored with { MessageCount = 2, Version = stored.Version + 1 }, intruder, stored.Version, []);
        Assert.Equal(Storage.StoreOutcome.Done, write.Outcome);

        var result = await grain.AddMessage(TestData.Message("third"));

        Assert.Equal(MessageOutcome.Created, result.Outcome);
        Assert.Equal(3, result.Message!.Position);
        var page = await grain.ListMessages(new MessageQuery(10, Descending: false));
        Assert.Equal(["first", "from elsewhere", "third"], page.Messages.Select(m => m.Content));
        Assert.Equal(3, page.TotalCount);
    }
}
