using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// A fresh PostgreSQL database for one measured side, after a CHECKPOINT: scenarios that wrote gigabytes before
/// (bulk loads) would otherwise leave the next ones to pay for flushing them, and rounds would start unequal.
/// </summary>
public static class BenchDatabase
{
    public static async Task<TestDatabase> FreshAsync(bool migrate = true)
    {
        var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName, migrate);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 300 };
        await checkpoint.ExecuteNonQueryAsync();
        return database;
    }
}
