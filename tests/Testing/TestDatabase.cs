using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Runtype.Storage.Sql;

namespace Runtype.Testing;

/// <summary>
/// A database of its own for one fixture, created on the server named by an environment variable, migrated
/// with the product's own scripts, and dropped on dispose.
/// <list type="bullet">
/// <item><c>RUNTYPE_TEST_POSTGRES</c>: a connection string to a PostgreSQL server (the test command starts one).</item>
/// <item><c>RUNTYPE_TEST_SQLSERVER</c>: a connection string to a SQL Server, when one is available.</item>
/// </list>
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "RUNTYPE_TEST_POSTGRES";
    public const string SqlServerVariable = "RUNTYPE_TEST_SQLSERVER";

    private readonly string _serverConnectionString;

    private TestDatabase(SqlDialect dialect, string serverConnectionString, string name, string connectionString)
    {
        Dialect = dialect;
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public SqlDialect Dialect { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The provider name for <c>Storage:Provider</c>.</summary>
    public string Provider => Dialect.Name;

    public static string? ServerFor(string provider) => Environment.GetEnvironmentVariable(provider switch
    {
        PostgresDialect.ProviderName => PostgresVariable,
        SqlServerDialect.ProviderName => SqlServerVariable,
        _ => throw new ArgumentException($"No SQL server for provider '{provider}'.", nameof(provider)),
    });

    /// <summary>Creates and migrates a fresh database on the server configured for <paramref name="provider"/>.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, bool migrate = true)
    {
        var server = ServerFor(provider) ?? throw new InvalidOperationException(
            $"No {provider} server configured for the tests: set {(provider == PostgresDialect.ProviderName ? PostgresVariable : SqlServerVariable)}, or run the README's test command, which starts one.");
        var dialect = SqlDialect.ForProvider(provider)!;
        var name = "runtype_test_" + Guid.NewGuid().ToString("N")[..12];
        string connectionString;
        if (dialect is PostgresDialect)
        {
            await ExecuteAsync(dialect, server, $"CREATE DATABASE {name}");
            connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        }
        else
        {
            await ExecuteAsync(dialect, server, $"CREATE DATABASE [{name}]");
            connectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
        }

        var database = new TestDatabase(dialect, server, name, connectionString);
        if (migrate)
        {
            await new MigrationRunner(dialect, connectionString, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        }

        return database;
    }

    /// <summary>Runs one statement against this database and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = Dialect.Factory.CreateConnection()!;
        connection.ConnectionString = ConnectionString;
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Dialect is PostgresDialect)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(Dialect, _serverConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        else
        {
            SqlConnection.ClearAllPools();
            await ExecuteAsync(Dialect, _serverConnectionString, $"ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]");
        }
    }

    private static async Task ExecuteAsync(SqlDialect dialect, string connectionString, string sql)
    {
        await using DbConnection connection = dialect.Factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
