using System.Globalization;
using System.Text;
using Runtype.Grains.Search;

namespace Runtype.Storage.Sql;

/// <summary>
/// Search on PostgreSQL with our analyzer's words (<see cref="TextAnalyzer"/>, the memory store's rules): a message's
/// <c>search_vector</c> is its terms with their positions, computed here and written by the statement that stores the
/// message, and a query is those terms as a tsquery, so PostgreSQL compares words that were normalised once, the same
/// way, by us. Computing the vector in the server (<c>to_tsvector</c>, a generated column) cost the backend that runs a
/// group of appends ~18 µs a message; here it costs the API a few microseconds, on any core. (Create-message throughput
/// against the build before search was 0.73-0.76 then and 0.76 after with 5-40-word messages, within the noise: the
/// GIN index and the wider rows are most of what search costs a write; docs/benchmarks.md, "Message search".)
/// </summary>
public static class PostgresSearchText
{
    // tsvector's limits: positions 1..16,383 (later ones count as the last), 256 positions a lexeme, 2,046 bytes a lexeme.
    private const int MaxPosition = 16_383;
    private const int MaxPositions = 256;
    private const int MaxLexemeBytes = 2_046;

    /// <summary>
    /// The tsvector of <paramref name="content"/> in its text form (each term once, quoted, with its positions), which
    /// the statement casts: the server parses it without its dictionaries, at a fraction of what to_tsvector costs.
    /// </summary>
    public static string Vector(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var token in TextAnalyzer.EnumerateTokens(content))
        {
            if (Encoding.UTF8.GetByteCount(token.Term) > MaxLexemeBytes)
            {
                continue;
            }

            if (!positions.TryGetValue(token.Term, out var at))
            {
                at = [];
                positions.Add(token.Term, at);
            }

            if (at.Count < MaxPositions)
            {
                at.Add(Math.Min(token.Position, MaxPosition));
            }
        }

        if (positions.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var (term, at) in positions)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(Quote(term)).Append(':').Append(Positions(at.Distinct()));
        }

        return text.ToString();
    }

    /// <summary>
    /// The tsquery text of <paramref name="expression"/>: an alternative's terms joined by <c>&lt;-&gt;</c> (in order,
    /// one position apart), alternatives by <c>|</c>, clauses by <c>&amp;</c>, an excluded clause behind <c>!</c>.
    /// Every term is quoted, so nothing a caller typed is read as an operator. An alternative without terms is left
    /// out; a query left with none matches nothing.
    /// </summary>
    public static string Query(SearchExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var clauses = new List<string>();
        foreach (var clause in expression.Clauses)
        {
            var alternatives = clause.Alternatives
                .Select(a => string.Join(" <-> ", SearchTerms.Of(a).Terms.Select(Quote)))
                .Where(a => a.Length > 0)
                .Select(a => "(" + a + ")")
                .ToList();
            if (alternatives.Count > 0)
            {
                clauses.Add((clause.Excluded ? "!" : "") + "(" + string.Join(" | ", alternatives) + ")");
            }
        }

        return string.Join(" & ", clauses);
    }

    // A term holds letters, digits and combining marks only; quoting is what keeps that true of what the server reads.
    private static string Quote(string term) =>
        "'" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Positions(IEnumerable<int> at) => string.Join(',', at.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}
