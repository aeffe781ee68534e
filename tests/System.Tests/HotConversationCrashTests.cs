using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Telemetry;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// One hot conversation: 64 writers post to it at once from three silos (ADO.NET membership on PostgreSQL), so its
/// grain commits in batches, and the silo hosting it is killed (no graceful stop) while batches are in flight. Writers
/// behave like API clients: a retriable failure is retried with the same externalMessageId. Afterwards every
/// acknowledged message is stored exactly once at the position it was acknowledged with, positions are gapless, and
/// each writer's messages are in the order it sent them (acceptance order); a batch cut by the kill left nothing half
/// written (the counters, the rows and the events agree).
/// </summary>
public sealed class HotConversationCrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Writers = 64;
    private const int MessagesPerWriter = 12;

    /// <summary>When to kill: after this many of the 768 posts were acknowledged.</summary>
    public static TheoryData<int> KillAfterAcknowledged => [40, 300];

    [Theory, MemberData(nameof(KillAfterAcknowledged))]
    public async Task Every_acknowledged_message_of_a_hot_conversation_survives_a_kill_mid_batch_once_in_order(int killAfter)
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        await using var cluster = AdoNetCluster.Builder(database, silos: 3, fastFailureDetection: true).Build();
        await cluster.DeployAsync();

        // A conversation whose grain lives on a silo other than the first (the one the test client knows best).
        var silos = cluster.Silos.Cast<InProcessSiloHandle>().ToList();
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        string key;
        SiloAddress? host;
        do
        {
            key = GrainKeys.Compose("hot-owner", Identifiers.NewConversationId());
            await cluster.Client.GetGrain<IConversationGrain>(key).Create(new ConversationFields { SurfaceId = "sms" });
            host = await management.GetActivationAddress(cluster.Client.GetGrain<IConversationGrain>(key));
        }
        while (host is null || host.Equals(silos[0].SiloAddress));

        var victim = silos.Single(s => s.SiloAddress.Equals(host));
        var survivors = silos.Where(s => s != victim).Select(s => s.SiloHost.Services.GetRequiredService<IGrainFactory>()).ToList();
        var nodes = silos.Select(s => (Silo: s, Factory: s.SiloHost.Services.GetRequiredService<IGrainFactory>())).ToList();
        var dead = 0;
        var client = new CrashClient();
        var (acknowledged, retriable, unexpected) = (client.Acknowledged, client.Retriable, client.Unexpected);
        var largestBatch = 0;
        using var listener = HistogramListener.Listen(RuntypeMetrics.AppendBatchSize, size => InterlockedMax(ref largestBatch, size));

        async Task WriteAsync(int writer)
        {
            for (var n = 0; n < MessagesPerWriter; n++)
            {
                await client.PostAsync(key, $"w{writer:D2}-m{n:D2}", attempt =>
                {
                    var node = nodes[(writer + attempt) % nodes.Count];
                    return Volatile.Read(ref dead) == 1 && node.Silo == victim ? survivors[(writer + attempt) % survivors.Count] : node.Factory;
                });
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w))));
        while (acknowledged.Count < killAfter && !load.IsCompleted)
        {
            await Task.Delay(1);
        }

        var acknowledgedBeforeKill = acknowledged.Count;
        var batchBeforeKill = Volatile.Read(ref largestBatch);
        Volatile.Write(ref dead, 1);
        await cluster.KillSiloAsync(victim);
        await load;

        output.WriteLine($"killed {victim.SiloAddress} after {acknowledgedBeforeKill} acknowledged, largest batch before {batchBeforeKill}, after {largestBatch}; "
            + "retriable failures: " + string.Join(", ", retriable.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}")));

        // The kill cut into a conversation being written in batches: posts were still coming and some failed with it.
        Assert.True(acknowledgedBeforeKill < Writers * MessagesPerWriter, $"all {acknowledgedBeforeKill} posts were in before the kill");
        Assert.True(batchBeforeKill > 1, "the hot conversation was not committing in batches before the kill");
        Assert.NotEmpty(retriable);
        Assert.True(unexpected.IsEmpty, "non-retriable failures: " + string.Join("; ", unexpected.Take(5)));
        Assert.Equal(Writers * MessagesPerWriter, acknowledged.Count);

        // The store of record, read through a survivor: gapless, each acknowledged message once, where it was acknowledged.
        var grain = survivors[0].GetGrain<IConversationGrain>(key);
        var page = await grain.ListMessages(new MessageQuery(1000, Descending: false));
        Assert.Equal(Enumerable.Range(1, Writers * MessagesPerWriter).Select(i => (long)i), page.Messages.Select(m => m.Position));
        Assert.Equal(page.Messages.Select(m => m.CreatedAt).Order(), page.Messages.Select(m => m.CreatedAt));
        var stored = page.Messages.ToDictionary(m => m.ExternalMessageId!, StringComparer.Ordinal);
        Assert.Equal(acknowledged.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        foreach (var (external, message) in acknowledged)
        {
            Assert.Equal(message.Id, stored[external].Id);
            Assert.Equal(message.Position, stored[external].Position);
        }

        // Acceptance order: each writer sent its next message only after the previous one was acknowledged.
        foreach (var writer in page.Messages.GroupBy(m => m.ExternalMessageId![..3]))
        {
            Assert.Equal(writer.Select(m => m.ExternalMessageId).Order(StringComparer.Ordinal), writer.Select(m => m.ExternalMessageId));
        }

        // Nothing half written: the row counters, the message rows and the message.created events agree.
        var id = GrainKeys.Parse(key).Id;
        var conversation = (await grain.Get()).Conversation!;
        Assert.Equal((long)(Writers * MessagesPerWriter), await database.ScalarAsync($"SELECT count(*) FROM runtype_messages WHERE conversation_id = '{id}'"));
        Assert.Equal((long)(Writers * MessagesPerWriter), await database.ScalarAsync($"SELECT message_count FROM runtype_conversations WHERE id = '{id}'"));
        Assert.Equal((long)(Writers * MessagesPerWriter), await database.ScalarAsync($"SELECT count(*) FROM runtype_events WHERE conversation_id = '{id}' AND type = {(int)EventType.MessageCreated}"));
        Assert.Equal(conversation.Version, await database.ScalarAsync($"SELECT max(sequence) FROM runtype_events WHERE conversation_id = '{id}'"));
        Assert.Equal(conversation.Version, await database.ScalarAsync($"SELECT count(DISTINCT sequence) FROM runtype_events WHERE conversation_id = '{id}'"));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var now && now != seen)
        {
            seen = now;
        }
    }
}
