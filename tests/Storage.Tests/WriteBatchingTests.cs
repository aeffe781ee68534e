using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Telemetry;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// Many writers on one conversation: appends arriving while a commit is in flight are committed together (write
/// batching), and still get one gapless order that follows acceptance, one version and one event per message, and
/// each message its own answer where a batch cannot give one (a duplicate, a reopening). Two silos on PostgreSQL: a
/// store write takes a real round trip, which is what lets appends queue behind a commit in flight.
/// </summary>
public sealed class WriteBatchingTests(WriteBatchingTests.Cluster fixture) : IClassFixture<WriteBatchingTests.Cluster>
{
    private TestCluster TestCluster => fixture.TestCluster;

    private SqlEventLog Events => fixture.Events;

    /// <summary>Two silos (ADO.NET membership) on one PostgreSQL database, shared by this class's tests.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private TestDatabase _database = null!;

        public TestCluster TestCluster { get; private set; } = null!;

        public SqlEventLog Events { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
            TestCluster = AdoNetCluster.Builder(_database, silos: 2).Build();
            await TestCluster.DeployAsync();
            Events = new SqlEventLog(_database.Dialect, _database.ConnectionString, NullLogger<SqlEventLog>.Instance);
        }

        public async Task DisposeAsync()
        {
            await TestCluster.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Concurrent_writers_on_one_conversation_are_committed_in_batches_in_acceptance_order()
    {
        var (_, owner, id) = await NewConversationAsync();
        var key = GrainKeys.Compose(owner, id);
        var sizes = new List<int>();
        using var listener = HistogramListener.Collect(RuntypeMetrics.AppendBatchSize, sizes);

        // 32 writers from both silos, each posting its next message only after the previous one was acknowledged.
        const int writers = 32, perWriter = 12;
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var grain = SiloGrains(w % 2).GetGrain<IConversationGrain>(key);
            var mine = new List<Message>();
            for (var n = 0; n < perWriter; n++)
            {
                var result = await grain.AddMessage(Message($"w{w}-m{n}"));
                Assert.Equal(MessageOutcome.Created, result.Outcome);
                mine.Add(result.Message!);
            }

            return mine;
        }));

        lock (sizes)
        {
            Assert.True(sizes.Count > 0 && sizes.Max() > 1, $"no append batch of more than one message (batches: {sizes.Count})");
        }

        // Each writer's messages in the order it sent them; all of them gapless and once.
        foreach (var mine in acknowledged)
        {
            Assert.Equal(mine.Select(m => m.Position).Order(), mine.Select(m => m.Position));
        }

        var page = await TestCluster.Client.GetGrain<IConversationGrain>(key).ListMessages(new MessageQuery(1000, Descending: false));
        Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(i => (long)i), page.Messages.Select(m => m.Position));
        Assert.Equal(acknowledged.SelectMany(m => m).Select(m => (m.Id, m.Position)).Order(), page.Messages.Select(m => (m.Id, m.Position)).Order());
        Assert.Equal(page.Messages.Select(m => m.CreatedAt).Order(), page.Messages.Select(m => m.CreatedAt));

        // One version and one message.created per message, in position order.
        var conversation = (await TestCluster.Client.GetGrain<IConversationGrain>(key).Get()).Conversation!;
        Assert.Equal(1 + (writers * perWriter), conversation.Version);
        var events = await EventsOf(owner, id);
        Assert.Equal(Enumerable.Range(1, 1 + (writers * perWriter)).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(page.Messages.Select(m => m.Id), events.Skip(1).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Updates_between_bursts_of_appends_keep_one_gapless_version_sequence()
    {
        var (grain, owner, id) = await NewConversationAsync();
        var posts = new List<Task<MessageResult>>();
        var updates = new List<Task<ConversationResult>>();
        for (var i = 0; i < 60; i++)
        {
            posts.Add(grain.AddMessage(Message($"m{i}")));
            if (i % 20 == 10)
            {
                updates.Add(grain.Update(new ConversationPatch(Fields() with { Subject = $"s{i}" }, ConversationField.Subject), null));
            }
        }

        Assert.All(await Task.WhenAll(posts), r => Assert.Equal(MessageOutcome.Created, r.Outcome));
        Assert.All(await Task.WhenAll(updates), r => Assert.Equal(ConversationOutcome.Ok, r.Outcome));
        var conversation = (await grain.Get()).Conversation!;
        Assert.Equal(60, conversation.MessageCount);
        Assert.Equal(1 + 60 + 3, conversation.Version);
        Assert.Equal(Enumerable.Range(1, 64).Select(i => (long)i), (await EventsOf(owner, id)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_burst_holding_a_stored_external_id_answers_that_one_duplicate_and_stores_the_rest()
    {
        var (grain, _, _) = await NewConversationAsync();
        var first = (await grain.AddMessage(Message("original", externalId: "sms-1"))).Message!;

        var results = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => grain.AddMessage(Message($"m{i}", externalId: i == 25 ? "sms-1" : $"other-{i}"))));

        Assert.Equal(MessageOutcome.Duplicate, results[25].Outcome);
        Assert.Equal(first.Id, results[25].Message!.Id);
        Assert.Equal(39, results.Count(r => r.Outcome == MessageOutcome.Created));
        var page = await grain.ListMessages(new MessageQuery(100, Descending: false));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), page.Messages.Select(m => m.Position));
    }

    [Fact]
    public async Task A_burst_on_a_closed_conversation_reopens_it_once()
    {
        var (grain, owner, id) = await NewConversationAsync(Fields(status: ConversationStatus.Closed));

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => grain.AddMessage(Message($"m{i}"))));

        Assert.All(results, r => Assert.Equal(MessageOutcome.Created, r.Outcome));
        var conversation = (await grain.Get()).Conversation!;
        Assert.Equal(ConversationStatus.Open, conversation.Fields.Status);
        Assert.Equal(1 + 30 + 1, conversation.Version);
        var events = await EventsOf(owner, id);
        Assert.Single(events, e => e.Type == EventType.ConversationUpdated);
        Assert.Equal(30, events.Count(e => e.Type == EventType.MessageCreated));
    }

    [Fact]
    public async Task Posts_to_an_archived_or_deleted_conversation_in_a_burst_are_each_refused()
    {
        var (grain, _, _) = await NewConversationAsync(Fields(status: ConversationStatus.Archived));
        var archived = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => grain.AddMessage(Message($"m{i}"))));
        Assert.All(archived, r => Assert.Equal(MessageOutcome.Archived, r.Outcome));

        // A delete among posts in flight: the posts it let in first are answered 201 with gapless positions, the rest
        // (Orleans does not promise to deliver separate calls in the order they were made) find no conversation.
        var (other, _, _) = await NewConversationAsync();
        var posts = Enumerable.Range(0, 20).Select(i => other.AddMessage(Message($"m{i}"))).ToList();
        var deleted = other.Delete(null);
        posts.AddRange(Enumerable.Range(0, 20).Select(i => other.AddMessage(Message($"late{i}"))));
        Assert.Equal(ConversationOutcome.Ok, (await deleted).Outcome);
        var results = await Task.WhenAll(posts);
        Assert.All(results, r => Assert.True(r.Outcome is MessageOutcome.Created or MessageOutcome.NotFound, r.Outcome.ToString()));
        var created = results.Where(r => r.Outcome == MessageOutcome.Created).Select(r => r.Message!.Position).Order().ToList();
        Assert.Equal(Enumerable.Range(1, created.Count).Select(i => (long)i), created);
        Assert.Equal(MessageOutcome.NotFound, (await other.AddMessage(Message("after"))).Outcome);
        Assert.False((await other.ListMessages(new MessageQuery(10, Descending: false))).Found);
    }

    private static NewMessage Message(string content, string? externalId = null) =>
        new() { Content = content, Role = MessageRole.User, ExternalMessageId = externalId };

    private static ConversationFields Fields(ConversationStatus status = ConversationStatus.Open) => new() { SurfaceId = "sms", Status = status };

    private IGrainFactory SiloGrains(int index) =>
        ((InProcessSiloHandle)TestCluster.Silos[index]).SiloHost.Services.GetRequiredService<IGrainFactory>();

    private async Task<(IConversationGrain Grain, string Owner, string Id)> NewConversationAsync(ConversationFields? fields = null)
    {
        var owner = "owner-" + Guid.NewGuid().ToString("N");
        var id = Identifiers.NewConversationId();
        var grain = TestCluster.Client.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, id));
        Assert.Equal(ConversationOutcome.Created, (await grain.Create(fields ?? Fields())).Outcome);
        return (grain, owner, id);
    }

    private async Task<List<ConversationEvent>> EventsOf(string owner, string conversationId)
    {
        var page = await Events.ReadAsync(owner, new EventQuery(EventPosition.Start, 1000, conversationId));
        return [.. page.Items.Select(stored => stored.Event)];
    }
}
