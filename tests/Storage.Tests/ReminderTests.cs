using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Runtype.Hosting;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// Reminders on SQL storage (migration 0007 through Microsoft.Orleans.Reminders.AdoNet), on PostgreSQL. No test
/// waits for a tick (a reminder's period is a minute at least): what wakes a grain after a crash is the row, so the
/// tests hold the rows. A grain registers through the silo <see cref="StorageSiloBuilderExtensions.AddRuntype"/>
/// configures, and another cluster on the same database, started after the first one's silo was killed, still finds
/// and unregisters it. The provider's table is also driven directly: ETags, odd keys, every kind of range read.
/// </summary>
public sealed class ReminderTests
{
    private static readonly TimeSpan Later = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_reminder_registered_on_SQL_storage_outlives_its_cluster_and_unregistering_deletes_its_row()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var serviceId = "reminders-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString("N");
        string grainId;

        var first = await StartClusterAsync(database, serviceId);
        try
        {
            var grain = first.Client.GetGrain<IReminderTestGrain>(key);
            await grain.Register("wake", Later, TimeSpan.FromMinutes(1));

            Assert.True(await grain.Has("wake"));
            grainId = grain.GetGrainId().ToString();
            Assert.Equal(1L, await database.ScalarAsync(
                $"SELECT count(*) FROM runtype_orleans_reminders WHERE service_id = '{serviceId}' AND grain_id = '{grainId}' AND reminder_name = 'wake' AND period_ms = 60000"));
            // A crash, not a shutdown: nothing the silo holds in memory survives.
            await first.KillSiloAsync(first.Silos[0]);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = await StartClusterAsync(database, serviceId);
        try
        {
            var grain = second.Client.GetGrain<IReminderTestGrain>(key);
            Assert.True(await grain.Has("wake"));

            await grain.Unregister("wake");

            Assert.False(await grain.Has("wake"));
            Assert.Equal(0L, await database.ScalarAsync($"SELECT count(*) FROM runtype_orleans_reminders WHERE grain_id = '{grainId}'"));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_provider_keeps_ETags_and_exact_keys()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        await using var services = ProviderTable(database, "etags");
        var table = services.GetRequiredService<IReminderTable>();
        await table.StartAsync();
        var start = DateTime.UtcNow.Add(Later);

        // Every upsert returns a new ETag; a delete with a stale one removes nothing.
        var id = GrainId.Create("remindertest", "etag");
        var created = await table.UpsertRow(Entry(id, "r", start, TimeSpan.FromMinutes(1)));
        var replaced = await table.UpsertRow(Entry(id, "r", start, TimeSpan.FromDays(30)));
        Assert.NotEqual(created, replaced);
        Assert.False(await table.RemoveRow(id, "r", created!));
        var read = await table.ReadRow(id, "r");
        Assert.Equal(replaced, read!.ETag);
        Assert.Equal(TimeSpan.FromDays(30), read.Period);
        Assert.True((read.StartAt - start).Duration() < TimeSpan.FromMilliseconds(1));
        Assert.True(await table.RemoveRow(id, "r", replaced!));
        Assert.Null(await table.ReadRow(id, "r"));
        Assert.False(await table.RemoveRow(id, "r", replaced!));

        // Racing first registrations of one reminder: all succeed, each with its own ETag.
        var raced = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => table.UpsertRow(Entry(id, "race", start, TimeSpan.FromMinutes(1)))));
        Assert.Equal(8, raced.Distinct(StringComparer.Ordinal).Count());

        // A trailing space makes another name; a grain id longer than an index entry can be still works.
        var longId = GrainId.Create("remindertest", new string('x', 4000));
        await table.UpsertRow(Entry(longId, "r", start, TimeSpan.FromMinutes(1)));
        await table.UpsertRow(Entry(longId, "r ", start, TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromMinutes(2), (await table.ReadRow(longId, "r "))!.Period);
        Assert.Equal(["r", "r "], (await table.ReadRows(longId)).Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));

        await table.TestOnlyClearTable();
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM runtype_orleans_reminders"));
    }

    [Fact]
    public async Task The_provider_reads_every_range_of_the_ring_by_grain_hash()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        await using var services = ProviderTable(database, "ring");
        var table = services.GetRequiredService<IReminderTable>();
        await table.StartAsync();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("remindertest", $"ring-{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "tick", DateTime.UtcNow.Add(Later), TimeSpan.FromMinutes(1)));
        }

        // Equal bounds are the whole ring; then ranges that wrap neither way, only in signed order (the order the
        // provider picks its query by), only unsigned, and both.
        Assert.Equal(grains.Select(g => g.ToString()).Order(StringComparer.Ordinal), await GrainsIn(table, 0, 0));
        foreach (var (begin, end) in new (uint, uint)[] { (0x1000_0000, 0x6000_0000), (0x4000_0000, 0xC000_0000), (0xC000_0000, 0x4000_0000), (0xF000_0000, 0x2000_0000) })
        {
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            Assert.NotEqual(grains.Count, expected.Count);
            Assert.Equal(expected, await GrainsIn(table, begin, end));
        }
    }

    private static async Task<TestCluster> StartClusterAsync(TestDatabase database, string serviceId)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Properties["Storage:Provider"] = database.Provider;
        builder.Properties["ConnectionStrings:Runtype"] = database.ConnectionString;
        builder.AddSiloBuilderConfigurator<RuntypeStorageSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The provider's table as a silo has it, without a silo: same registration, same options.</summary>
    private static ServiceProvider ProviderTable(TestDatabase database, string serviceId)
    {
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(options => (options.ServiceId, options.ClusterId) = (serviceId, serviceId));
        services.UseAdoNetReminderService(options => options.Configure(o => (o.Invariant, o.ConnectionString) = (database.Dialect.Invariant, database.ConnectionString)));
        return services.BuildServiceProvider();
    }

    private static ReminderEntry Entry(GrainId grain, string name, DateTime start, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = start, Period = period };

    private static async Task<List<string>> GrainsIn(IReminderTable table, uint begin, uint end) =>
        [.. (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>Orleans' ring range (begin, end]: it wraps past the top when begin is not below end, and is the whole ring when they are equal.</summary>
    private static bool InRange(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private sealed class RuntypeStorageSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddRuntype(siloBuilder.Configuration);
    }
}
