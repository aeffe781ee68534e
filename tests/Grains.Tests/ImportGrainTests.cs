namespace Runtype.Grains.Tests;

/// <summary>The conversation grain's history import on a two-silo cluster, called from both silos and the client (every call serialized).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ImportGrainTests(ClusterFixture fixture)
{
    private static readonly DateTime Start = new(2023, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Imports_and_posts_from_both_silos_get_one_gapless_order_and_batches_stay_whole()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var key = GrainKeys.Compose(owner, id);
        var fromFirst = fixture.SiloGrainFactory(0).GetGrain<IConversationGrain>(key);
        var fromSecond = fixture.SiloGrainFactory(1).GetGrain<IConversationGrain>(key);
        var first = await grain.ImportMessages(Batch("first", 3, Start));

        // Live posts are dated now, so later imports dated in the past are refused whole; the first one is not.
        var racing = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? fromFirst : fromSecond).AddMessage(TestData.Message($"live {i}")).ContinueWith(t => t.Result.Outcome == MessageOutcome.Created ? 1 : 0, TaskScheduler.Default))
            .Append(fromSecond.ImportMessages(Batch("late", 2, Start)).ContinueWith(t => t.Result.Imported, TaskScheduler.Default)));

        Assert.Equal((ImportOutcome.Imported, 3, 3L), (first.Outcome, first.Imported, first.MessageCount));
        var page = await fromFirst.ListMessages(new MessageQuery(100, Descending: false));
        Assert.Equal(3 + racing.Sum(), page.TotalCount);
        Assert.Equal(Enumerable.Range(1, (int)page.TotalCount).Select(p => (long)p), page.Messages.Select(m => m.Position));
        Assert.Equal(["first 0", "first 1", "first 2"], page.Messages.Take(3).Select(m => m.Content));
        Assert.Equal(Start.AddSeconds(2), page.Messages[2].CreatedAt);
    }

    [Fact]
    public async Task A_refusal_names_its_indexes_and_a_skip_lists_external_ids_across_silos()
    {
        var (grain, owner, id) = await TestData.NewConversationAsync(fixture.Client);
        var fromSecond = fixture.SiloGrainFactory(1).GetGrain<IConversationGrain>(GrainKeys.Compose(owner, id));
        await grain.ImportMessages(Batch("a", 2, Start.AddDays(1), externalIds: true));

        var refused = await fromSecond.ImportMessages([.. Batch("new", 1, Start), .. Batch("later", 1, DateTime.UtcNow.AddDays(1))]);
        var skipped = await fromSecond.ImportMessages(Batch("a", 3, Start.AddDays(1), externalIds: true));

        Assert.Equal(ImportOutcome.CreatedAtRefused, refused.Outcome);
        Assert.Equal([0], refused.TooEarly!);
        Assert.Equal([1], refused.InFuture!);
        Assert.Equal((ImportOutcome.Imported, 1, 3L), (skipped.Outcome, skipped.Imported, skipped.MessageCount));
        Assert.Equal(["a 0", "a 1"], skipped.Skipped!);
    }

    private static List<HistoricMessage> Batch(string prefix, int count, DateTime from, bool externalIds = false) =>
        [.. Enumerable.Range(0, count).Select(i => new HistoricMessage(
            TestData.Message($"{prefix} {i}", externalId: externalIds ? $"{prefix} {i}" : null), from.AddSeconds(i)))];
}
