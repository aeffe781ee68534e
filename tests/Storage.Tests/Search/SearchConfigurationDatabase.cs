using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests.Search;

/// <summary>
/// An empty database holding the text search configuration PostgreSQL searches messages with, created once for the
/// tests that hold the memory store's text analysis (Runtype.Grains.Search) to the engine's own.
/// </summary>
public sealed class SearchConfigurationDatabase : IAsyncLifetime
{
    /// <summary>The stemming dictionary alone: Snowball English without stop words.</summary>
    public const string Dictionary = "runtype_english_stem";

    /// <summary>The whole configuration: the parser, unaccent, then the dictionary (or <c>simple</c> for words with digits).</summary>
    public const string Configuration = "runtype_search";

    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName, migrate: false);
        await _database.ScalarAsync($"""
            CREATE EXTENSION IF NOT EXISTS unaccent;
            CREATE TEXT SEARCH DICTIONARY {Dictionary} (TEMPLATE = snowball, Language = english);
            CREATE TEXT SEARCH CONFIGURATION {Configuration} (COPY = pg_catalog.english);
            ALTER TEXT SEARCH CONFIGURATION {Configuration}
                ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, {Dictionary};
            ALTER TEXT SEARCH CONFIGURATION {Configuration}
                ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
            """);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with <paramref name="values"/> bound to <c>@values</c> (a <c>text[]</c>) and reads
    /// its two columns as text.
    /// </summary>
    public async Task<IReadOnlyList<(string First, string? Second)>> PairsAsync(string sql, IReadOnlyCollection<string> values)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("values", values.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetValue(1).ToString()));
        }

        return rows;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
