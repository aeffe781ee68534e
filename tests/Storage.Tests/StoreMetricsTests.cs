using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Runtype.Grains;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// Each failed store call is counted once, by kind, where <see cref="SqlRunner"/> classifies it (the conversation store,
/// the event log and state expiry all run through it), and each write of messages is timed, on real PostgreSQL
/// connections. Only this test's own calls are counted (<see cref="Mine"/>): other tests write and cut databases too.
/// </summary>
public sealed class StoreMetricsTests
{
    private static readonly AsyncLocal<bool> Mine = new();

    private static string Server => TestDatabase.ServerFor(PostgresDialect.ProviderName)
        ?? throw new InvalidOperationException($"No PostgreSQL server configured: set {TestDatabase.PostgresVariable}.");

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_a_transient_error()
    {
        var connection = new NpgsqlConnectionStringBuilder(Server) { Host = "127.0.0.1", Port = Ports.Free(), Pooling = false };
        var kinds = await KindsCountedAsync(connection.ConnectionString, async runner =>
        {
            var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => runner.RunAsync(_ => Task.FromResult(0), writes: true));
            Assert.False(refused.OutcomeUnknown);
        });

        Assert.Equal([StoreErrorKinds.Transient], kinds);
    }

    [Fact]
    public async Task A_statement_the_database_refuses_is_a_permanent_error()
    {
        var kinds = await KindsCountedAsync(Server, async runner =>
            await Assert.ThrowsAsync<StorageFaultException>(() => runner.RunAsync(connection => ExecuteAsync(connection, "SELECT * FROM runtype_no_such_table"))));

        Assert.Equal([StoreErrorKinds.Permanent], kinds);
    }

    [Fact]
    public async Task A_write_cut_off_after_it_reached_the_database_is_of_unknown_outcome()
    {
        var server = new NpgsqlConnectionStringBuilder(Server);
        await using var proxy = new CuttableProxy(server.Host!, server.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(Server) { Host = "127.0.0.1", Port = proxy.Port, Pooling = false };
        var kinds = await KindsCountedAsync(throughProxy.ConnectionString, async runner =>
        {
            var cut = await Assert.ThrowsAsync<StorageUnavailableException>(() => runner.RunAsync(connection =>
            {
                proxy.Cut();
                return ExecuteAsync(connection, "SELECT 1");
            }, writes: true));
            Assert.True(cut.OutcomeUnknown);
        });

        Assert.Equal([StoreErrorKinds.UnknownOutcome], kinds);
    }

    [Fact]
    public async Task A_write_of_messages_is_timed_once_when_it_commits()
    {
        await using var fresh = await FreshStore.CreateAsync(PostgresDialect.ProviderName);
        var current = Build.Conversation(Build.Owner());
        Assert.Equal(StoreOutcome.Done, (await fresh.Store.InsertAsync(current, [])).Outcome);
        var (first, one) = Build.Next(current);
        var (updated, two) = Build.Next(first);

        Mine.Value = true;
        using var log = new MeasurementLog([RuntypeMetrics.CommitDuration.Name], () => Mine.Value);
        Assert.Equal(StoreOutcome.Done, (await fresh.Store.AppendBatchAsync(updated, [one, two], current.Version, [])).Outcome);

        var commit = Assert.Single(log.Of(RuntypeMetrics.CommitDuration.Name));
        Assert.True(commit.Value > 0);
    }

    private static async Task<IReadOnlyList<string?>> KindsCountedAsync(string connectionString, Func<SqlRunner, Task> fail)
    {
        Mine.Value = true;
        using var log = new MeasurementLog([RuntypeMetrics.StoreErrors.Name], () => Mine.Value);
        await fail(new SqlRunner(new PostgresDialect(), connectionString, NullLogger.Instance));
        var errors = log.Of(RuntypeMetrics.StoreErrors.Name);
        Assert.All(errors, e => Assert.Equal(1, e.Value));
        return [.. errors.Select(e => e.Tags["kind"])];
    }

    private static async Task<int> ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
