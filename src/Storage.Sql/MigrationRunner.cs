using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Runtype.Storage.Sql;

/// <summary>
/// Applies the dialect's migration scripts that have not run yet, each in its own transaction, and records
/// each one's name and checksum. Safe to run concurrently (a database lock serializes runners) and repeatedly
/// (recorded scripts are skipped). A recorded script whose text has since changed stops the run.
/// </summary>
public sealed class MigrationRunner(SqlDialect dialect, string connectionString, ILogger<MigrationRunner> logger)
{
    /// <summary>Returns the names of the scripts this run applied.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = dialect.Factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken);
        // The lock comes first: even "create if not exists" races when two runners start together. If taking it
        // fails there is nothing to release.
        await ExecuteAsync(connection, null, dialect.Query("AcquireMigrationLock"), cancellationToken);
        IReadOnlyList<string> ran;
        try
        {
            ran = await ApplyLockedAsync(connection, cancellationToken);
        }
        catch (Exception failure)
        {
            await ReleaseAfterFailureAsync(connection, failure);
            throw;
        }

        await ExecuteAsync(connection, null, dialect.Query("ReleaseMigrationLock"), CancellationToken.None);
        return ran;
    }

    /// <summary>
    /// The names of this build's migrations the database has not recorded, read without taking the lock or
    /// creating anything; <see langword="null"/> when the database has no migrations table at all.
    /// </summary>
    public async Task<IReadOnlyList<string>?> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = dialect.Factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellationToken);
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = dialect.Query("MigrationsTableExists");
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }

        var applied = await AppliedAsync(connection, dialect.Query("ListMigrations"), cancellationToken);
        return [.. dialect.Migrations().Select(m => m.Name).Where(name => !applied.ContainsKey(name))];
    }

    private async Task<IReadOnlyList<string>> ApplyLockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, dialect.Query("CreateMigrationsTable"), cancellationToken);
        var applied = await AppliedAsync(connection, dialect.Query("ListMigrations"), cancellationToken);
        var ran = new List<string>();
        foreach (var (name, text) in dialect.Migrations())
        {
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (applied.TryGetValue(name, out var recorded))
            {
                if (recorded != checksum)
                {
                    throw new InvalidOperationException($"Migration {name} was changed after it was applied; add a new migration instead.");
                }

                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, text, cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = dialect.Query("RecordMigration");
                record.Parameters.Add(dialect.Parameter("name", name, System.Data.DbType.String));
                record.Parameters.Add(dialect.Parameter("checksum", checksum, System.Data.DbType.String));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Migration}", name);
            ran.Add(name);
        }

        return ran;
    }

    /// <summary>
    /// The operator needs the error that stopped the run, not the release's: when the first error broke the
    /// connection, releasing fails too, and a throwing <c>finally</c> would replace one with the other. The lock
    /// is the session's, so closing the connection frees it anyway.
    /// </summary>
    private async Task ReleaseAfterFailureAsync(DbConnection connection, Exception failure)
    {
        try
        {
            await ExecuteAsync(connection, null, dialect.Query("ReleaseMigrationLock"), CancellationToken.None);
        }
        catch (Exception release) when (release is not OutOfMemoryException)
        {
            logger.LogWarning(release, "Releasing the migration lock failed after the run failed with {Failure}; closing the connection frees it", failure.GetType().Name);
        }
    }

    private static async Task<Dictionary<string, string>> AppliedAsync(DbConnection connection, string listQuery, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = listQuery;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
