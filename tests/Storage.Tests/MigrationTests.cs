using Microsoft.Extensions.Logging.Abstractions;
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
    public void Both_engines_ship_the_same_migrations_and_queries()
    {
        var postgres = new PostgresDialect();
        var sqlServer = new SqlServerDialect();
        Assert.Equal(postgres.Migrations().Select(m => m.Name), sqlServer.Migrations().Select(m => m.Name));
        Assert.Equal(SqlResources.Names("postgres/queries/"), SqlResources.Names("sqlserver/queries/"));
    }
}
