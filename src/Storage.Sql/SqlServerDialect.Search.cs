using System.Data.Common;
using Runtype.Grains.Search;

namespace Runtype.Storage.Sql;

public sealed partial class SqlServerDialect
{
    /// <summary>What a search answers (501) where the server has no Full-Text Search.</summary>
    internal const string FullTextNotInstalled =
        "SQL Server Full-Text Search is not installed: install the Full-Text Search feature (on Linux the mssql-server-fts package) "
        + "and restart; every other endpoint works without it.";

    /// <summary>What a search answers (501) where Full-Text Search is installed but the messages' index is disabled.</summary>
    internal const string FullTextIndexDisabled =
        "The full-text index on dbo.runtype_messages is disabled: enable it (ALTER FULLTEXT INDEX ON dbo.runtype_messages ENABLE) "
        + "and restart; every other endpoint works without it.";

    /// <summary>
    /// CONTAINS' syntax: a word alone as <c>FORMSOF(INFLECTIONAL, "word")</c>, so its English forms match as they do
    /// on the other engines; a phrase, or a word the word breaker splits (an address, a hyphenated word), as a quoted
    /// phrase; alternatives joined by <c>OR</c>, clauses by <c>AND</c>, excluded ones last behind <c>AND NOT</c>, as
    /// CONTAINS refuses a query that starts with NOT. Inside quotes only two characters mean anything to CONTAINS: a
    /// double quote (which cannot occur in an alternative, as it delimits phrases in <c>q</c>, but would end the quoted
    /// term) and an asterisk, which makes the term's words prefixes (<c>"refund*"</c> finds "refundable"); both become
    /// spaces, as the word breaker takes them for word separators in the content anyway.
    /// </summary>
    public override string SearchText(SearchExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var wanted = expression.Clauses.Where(c => !c.Excluded).Select(Clause);
        var excluded = expression.Clauses.Where(c => c.Excluded).Select(c => "NOT " + Clause(c));
        return string.Join(" AND ", wanted.Concat(excluded));
    }

    /// <summary>
    /// Creates the full-text catalog and index where the server has Full-Text Search (PrepareSearch.sql, outside any
    /// transaction, as CREATE FULLTEXT requires) and says what to do where it cannot search.
    /// </summary>
    public override async Task<string?> PrepareSearchAsync(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Query("PrepareSearch");
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("PrepareSearch selected no row.");
        }

        return SearchReadiness(reader.GetBoolean(0), reader.GetBoolean(1));
    }

    /// <summary>The reason a search cannot run, from PrepareSearch.sql's row (installed, indexed); null when it can.</summary>
    internal static string? SearchReadiness(bool installed, bool indexed) =>
        !installed ? FullTextNotInstalled : !indexed ? FullTextIndexDisabled : null;

    private static string Clause(SearchClause clause) => "(" + string.Join(" OR ", clause.Alternatives.Select(Term)) + ")";

    private static string Term(string alternative)
    {
        var text = alternative.Replace('"', ' ').Replace('*', ' ').Trim();
        return text.All(char.IsLetter) ? $"FORMSOF(INFLECTIONAL, \"{text}\")" : $"\"{text}\"";
    }
}
