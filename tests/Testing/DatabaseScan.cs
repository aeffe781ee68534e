using System.Text;
using Npgsql;
using Runtype.Storage.Sql;

namespace Runtype.Testing;

/// <summary>
/// Searches every column of every table of a test database for a string: text as it is, and binary columns (grain
/// storage payloads) for its UTF-8 and UTF-16 bytes and for its base64. PostgreSQL only: no SQL Server runs here.
/// </summary>
public static class DatabaseScan
{
    /// <summary>The <c>table.column</c> names that hold <paramref name="needle"/> anywhere.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(TestDatabase database, string needle)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Dialect is not PostgresDialect)
        {
            throw new NotSupportedException("The database scan reads PostgreSQL's catalog; no other engine runs here.");
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, 2", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(needle));
        var found = new List<string>();
        foreach (var (table, column, type) in columns)
        {
            var sql = type == "bytea"
                ? $"SELECT count(*) FROM \"{table}\" WHERE position(@utf8 in \"{column}\") > 0 OR position(@utf16 in \"{column}\") > 0 OR position(@base64 in \"{column}\") > 0"
                : $"SELECT count(*) FROM \"{table}\" WHERE position(@text in \"{column}\"::text) > 0 OR position(@base64 in \"{column}\"::text) > 0";
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("text", needle);
            command.Parameters.AddWithValue("utf8", Encoding.UTF8.GetBytes(needle));
            command.Parameters.AddWithValue("utf16", Encoding.Unicode.GetBytes(needle));
            command.Parameters.AddWithValue("base64", type == "bytea" ? Encoding.UTF8.GetBytes(base64) : base64);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                found.Add($"{table}.{column}");
            }
        }

        return found;
    }
}
