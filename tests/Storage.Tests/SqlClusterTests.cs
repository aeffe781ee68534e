using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using Runtype.Grains;
using Runtype.Hosting;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// Two silos that find each other through the ADO.NET membership table in PostgreSQL and keep conversations in
/// it, configured by the same <c>UseRuntypeClustering</c>/<c>AddRuntype</c> production silos use. One
/// conversation posted to from both silos keeps one order, and when its silo dies it comes back on the survivor
/// from the database with nothing lost.
/// </summary>
public sealed class SqlClusterTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var builder = AdoNetCluster.Builder(_database, silos: 2);
        builder.Properties["Cluster:Membership"] = RuntypeClusterOptions.AdoNet;
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_silos_share_membership_and_order_through_the_database_and_survive_losing_one()
    {
        var management = _cluster.Client.GetGrain<IManagementGrain>(0);
        Assert.Equal(2, (await management.GetHosts(onlyActive: true)).Count);

        var id = Identifiers.NewConversationId();
        var key = GrainKeys.Compose("cluster-owner", id);
        await _cluster.Client.GetGrain<IConversationGrain>(key).Create(new ConversationFields { SurfaceId = "sms" });
        var factories = _cluster.Silos.Cast<InProcessSiloHandle>().Select(s => s.SiloHost.Services.GetRequiredService<IGrainFactory>()).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            factories[i % 2].GetGrain<IConversationGrain>(key).AddMessage(new NewMessage { Content = $"m{i}", Role = MessageRole.User, ExternalMessageId = $"e{i % 50}" })));

        Assert.Equal(50, results.Count(r => r.Outcome == MessageOutcome.Created));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Where(r => r.Outcome == MessageOutcome.Created).Select(r => r.Message!.Position).Order());

        // Kill the silo hosting the conversation (no graceful shutdown): it must come back from the database.
        var grain = _cluster.Client.GetGrain<IConversationGrain>(key);
        var hostAddress = await management.GetActivationAddress(grain);
        var host = _cluster.Silos.Single(s => s.SiloAddress.Equals(hostAddress));
        await _cluster.KillSiloAsync(host);

        var after = await grain.AddMessage(new NewMessage { Content = "after the crash", Role = MessageRole.User });
        var page = await grain.ListMessages(new MessageQuery(100, Descending: false));

        Assert.NotEqual(hostAddress, await management.GetActivationAddress(grain));
        Assert.Equal(51, after.Message!.Position);
        Assert.Equal(51, page.TotalCount);
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), page.Messages.Select(m => m.Position));
        Assert.Equal(51L, await _database.ScalarAsync($"SELECT count(*) FROM runtype_messages WHERE conversation_id = '{id}'"));
    }
}
