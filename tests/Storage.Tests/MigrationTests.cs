using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_once_record_themselves_and_skip_on_the_next_run()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName, migrate: false);
        var runner = new MigrationRunner(database.Dialect, database.ConnectionString, NullLogger<MigrationRunner>.Instance);

        var first = await runner.ApplyAsync();
        var second = await runner.ApplyAsync();

        Assert.Equal(database.Dialect.Migrations().Select(m => m.Name), first);
        Assert.Empty(second);
        Assert.Equal((long)first.Count, await database.ScalarAsync("SELECT count(*) FROM runtype_migrations"));
    }

    [Fact]
    public async Task Concurrent_runners_apply_each_migration_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName, migrate: false);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            new MigrationRunner(database.Dialect, database.ConnectionString, NullLogger<MigrationRunner>.Instance).ApplyAsync()));

        Assert.Equal(database.Dialect.Migrations().Select(m => m.Name), runs.SelectMany(r => r).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failed_migration_run_reports_its_own_error_even_when_releasing_the_lock_fails_too()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName, migrate: false);
        await database.ScalarAsync(database.Dialect.Query("CreateMigrationsTable"));
        // A second session holds the migrations table, so the runner waits inside its locked section; the
        // server then ends the runner's session, which fails the run and leaves no connection to release on.
        await using var blocker = new NpgsqlConnection(database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await Execute(blocker, "LOCK TABLE runtype_migrations IN ACCESS EXCLUSIVE MODE");
        var run = new MigrationRunner(database.Dialect, database.ConnectionString, NullLogger<MigrationRunner>.Instance).ApplyAsync();

        object? waiting = null;
        for (var i = 0; i < 100 && waiting is null; i++)
        {
            await Task.Delay(50);
            // From another session: inside the blocker's transaction pg_stat_activity stays a snapshot.
            waiting = await database.ScalarAsync("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        }

        Assert.NotNull(waiting);
        await database.ScalarAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => run);
        var server = Assert.IsType<PostgresException>(error);
        Assert.Equal(PostgresErrorCodes.AdminShutdown, server.SqlState);
    }

    [Fact]
    public async Task The_Orleans_query_table_holds_every_query_the_providers_ask_for_on_both_engines()
    {
        // The providers' own lists, read from their assemblies: clustering and reminders check their keys by
        // reflection over an internal type, persistence names its keys in a public initialization query.
        var clustering = typeof(Orleans.Runtime.MembershipService.AdoNetClusteringTable).Assembly
            .GetType("Orleans.Clustering.AdoNet.Storage.DbStoredQueries", throwOnError: true)!
            .GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(p => p.Name);
        var persistence = System.Text.RegularExpressions.Regex
            .Matches(Orleans.Storage.AdoNetGrainStorage.DefaultInitializationQuery, "'([A-Za-z]+)'")
            .Select(m => m.Groups[1].Value);
        var reminders = typeof(Orleans.Configuration.AdoNetReminderTableOptions).Assembly
            .GetType("Orleans.Reminders.AdoNet.Storage.DbStoredQueries", throwOnError: true)!
            .GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(p => p.Name);
        var required = clustering.Concat(persistence).Concat(reminders).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("MembershipReadAllKey", required);
        Assert.Contains("WriteToStorageKey", required);
        Assert.Contains("UpsertReminderRowKey", required);

        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var onPostgres = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = database.Dialect.Factory.CreateConnection()!)
        {
            connection.ConnectionString = database.ConnectionString;
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT QueryKey FROM OrleansQuery";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                onPostgres.Add(reader.GetString(0));
            }
        }

        var onSqlServer = OrleansQueries.OnSqlServer().Keys.ToHashSet(StringComparer.Ordinal);
        Assert.Subset(onPostgres, required);
        Assert.Subset(onSqlServer, required);
        Assert.Equal(onPostgres.Order(StringComparer.Ordinal), onSqlServer.Order(StringComparer.Ordinal));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
