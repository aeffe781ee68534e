using Npgsql;

namespace Runtype.Bench;

/// <summary>
/// What the server's search configuration makes of each word the scenario writes, asked of the server itself (the
/// stemmer is PostgreSQL's), so the load counts matches as searches will find them: "orders" and "ordered" are found by
/// "order". Fails the run if a word is not exactly one lexeme, or a marker shares one with any other word: the rare
/// words' expected hits would then be wrong.
/// </summary>
public static class SearchLexemes
{
    /// <summary>The lexeme of each word, indexed as <see cref="SearchText.WordOf"/> indexes them.</summary>
    public static async Task<string[]> OfAsync(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var words = SearchVocabulary.Words.Concat(SearchVocabulary.Markers).ToArray();
        var lexemes = new string[words.Length];
        await using (var command = new NpgsqlCommand("""
            SELECT w.n::int - 1, array_to_string(tsvector_to_array(to_tsvector('runtype_search'::regconfig, w.word)), ' ')
            FROM unnest(@words) WITH ORDINALITY AS w (word, n)
            """, connection))
        {
            command.Parameters.AddWithValue("words", words);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lexemes[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        var odd = Enumerable.Range(0, words.Length).Where(i => lexemes[i] is not { Length: > 0 } lexeme || lexeme.Contains(' ', StringComparison.Ordinal)).ToList();
        if (odd.Count > 0)
        {
            throw new InvalidOperationException("search vocabulary: not one lexeme each: " + string.Join(", ", odd.Select(i => $"{words[i]} -> '{lexemes[i]}'")));
        }

        var shared = Enumerable.Range(SearchVocabulary.Words.Count, SearchVocabulary.Markers.Count)
            .Where(m => Array.FindIndex(lexemes, l => l == lexemes[m]) != m || Array.FindLastIndex(lexemes, l => l == lexemes[m]) != m).ToList();
        if (shared.Count > 0)
        {
            throw new InvalidOperationException("search vocabulary: markers sharing a lexeme with another word: " + string.Join(", ", shared.Select(m => words[m])));
        }

        return lexemes;
    }
}
