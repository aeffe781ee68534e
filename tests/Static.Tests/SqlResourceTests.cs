using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Static.Tests;

/// <summary>What the storage assembly ships for each engine, compared without a server.</summary>
public sealed class SqlResourceTests
{
    [Fact]
    public void Both_engines_ship_the_same_migrations_and_queries()
    {
        var postgres = new PostgresDialect();
        var sqlServer = new SqlServerDialect();
        Assert.Equal(postgres.Migrations().Select(m => m.Name), sqlServer.Migrations().Select(m => m.Name));
        // AppendMessageGroup is a group commit's one statement, which only a dialect that groups appends runs.
        Assert.True(postgres.GroupsAppends);
        Assert.False(sqlServer.GroupsAppends);
        // PrepareSearch creates SQL Server's full-text index, which cannot be made in a migration's transaction;
        // PostgreSQL's search index comes with its migration.
        Assert.Equal(
            SqlResources.Names("postgres/queries/").Except(["AppendMessageGroup.sql"]),
            SqlResources.Names("sqlserver/queries/").Except(["PrepareSearch.sql"]));
    }
}
