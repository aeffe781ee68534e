using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Runtype.Grains;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>
/// Three silos clustered through the membership table in PostgreSQL take concurrent posts to many conversations
/// from all three; one silo is killed mid-stream (no graceful stop) at a different moment in each case. Writers
/// behave like API clients: a failure the API answers with a retriable 503 is retried with the same
/// externalMessageId, anything else is recorded. Afterwards every acknowledged message is stored exactly once,
/// in order, with no gaps, and the only failures seen were retriable ones.
/// </summary>
public sealed class SiloCrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Conversations = 12;
    private const int Writers = 9;
    private const int MessagesPerWriter = 40;

    /// <summary>When to kill: after this many of the 360 posts were acknowledged, from the first to late in the stream.</summary>
    public static TheoryData<int> KillAfterAcknowledged => [0, 5, 20, 40, 70, 100, 140, 180, 230, 280];

    [Theory, MemberData(nameof(KillAfterAcknowledged))]
    public async Task Every_acknowledged_message_survives_a_silo_kill_exactly_once_in_order(int killAfter)
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        await using var cluster = AdoNetCluster.Builder(database, silos: 3, fastFailureDetection: true).Build();
        await cluster.DeployAsync();

        var keys = new List<string>();
        for (var c = 0; c < Conversations; c++)
        {
            var key = GrainKeys.Compose("crash-owner", Identifiers.NewConversationId());
            await cluster.Client.GetGrain<IConversationGrain>(key).Create(new ConversationFields { SurfaceId = "sms" });
            keys.Add(key);
        }

        // Each silo's own grain factory stands for an API node co-hosted with that silo.
        var silos = cluster.Silos.Cast<InProcessSiloHandle>().ToList();
        var victim = silos[1 + (killAfter % 2)];
        var nodes = silos.Select(s => (Silo: s, Factory: s.SiloHost.Services.GetRequiredService<IGrainFactory>())).ToList();
        var dead = 0;
        var client = new CrashClient();
        var (acknowledged, retriable, unexpected) = (client.Acknowledged, client.Retriable, client.Unexpected);

        async Task WriteAsync(int writer)
        {
            for (var n = 0; n < MessagesPerWriter; n++)
            {
                var key = keys[(writer + n) % keys.Count];
                // A client whose node died goes to another one, as behind a load balancer.
                await client.PostAsync(key, $"w{writer}-m{n}", attempt =>
                {
                    var node = nodes[(writer + attempt) % nodes.Count];
                    if (Volatile.Read(ref dead) == 1 && node.Silo == victim)
                    {
                        node = nodes[(writer + attempt + 1) % nodes.Count];
                        node = node.Silo == victim ? nodes[0] : node;
                    }

                    return node.Factory;
                });
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w))));
        while (acknowledged.Count < killAfter && !load.IsCompleted)
        {
            await Task.Delay(1);
        }

        var acknowledgedBeforeKill = acknowledged.Count;
        Volatile.Write(ref dead, 1);
        await cluster.KillSiloAsync(victim);
        await load;

        // Mid-stream means it: the kill landed while writes were still coming.
        Assert.True(acknowledgedBeforeKill < Writers * MessagesPerWriter, $"all {acknowledgedBeforeKill} posts were in before the kill");

        output.WriteLine($"killed {victim.SiloAddress} after {acknowledgedBeforeKill} acknowledged; retriable failures seen: "
            + string.Join(", ", retriable.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}")));
        Assert.True(unexpected.IsEmpty, "non-retriable failures: " + string.Join("; ", unexpected.Take(5)));
        Assert.Equal(Writers * MessagesPerWriter, acknowledged.Count);

        // The store of record: per conversation, positions 1..count with no gaps, each acknowledged message once.
        var survivor = nodes.First(n => n.Silo != victim).Factory;
        var stored = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var page = await survivor.GetGrain<IConversationGrain>(key).ListMessages(new MessageQuery(100, Descending: false));
            Assert.Equal(Enumerable.Range(1, page.Messages.Count).Select(i => (long)i), page.Messages.Select(m => m.Position));
            Assert.Equal(page.Messages.Count, page.TotalCount);
            Assert.Equal(page.Messages.Select(m => m.CreatedAt).Order(), page.Messages.Select(m => m.CreatedAt));
            foreach (var message in page.Messages)
            {
                Assert.True(stored.TryAdd(message.ExternalMessageId!, message), $"{message.ExternalMessageId} stored twice");
            }

            var id = GrainKeys.Parse(key).Id;
            Assert.Equal((long)page.Messages.Count, await database.ScalarAsync($"SELECT count(*) FROM runtype_messages WHERE conversation_id = '{id}'"));
            Assert.Equal((long)page.Messages.Count, await database.ScalarAsync($"SELECT message_count FROM runtype_conversations WHERE id = '{id}'"));
        }

        Assert.Equal(acknowledged.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        foreach (var (external, message) in acknowledged)
        {
            Assert.Equal(message.Id, stored[external].Id);
            Assert.Equal(message.Position, stored[external].Position);
        }
    }
}
