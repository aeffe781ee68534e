namespace Runtype.Grains.Search;

/// <summary>
/// An alternative of a query as the memory index and the highlighter match it: the normalised terms of its words in
/// order (<see cref="TextAnalyzer"/>), which must appear at consecutive positions of a message.
/// </summary>
public sealed class SearchTerms
{
    private SearchTerms(IReadOnlyList<string> terms) => Terms = terms;

    public IReadOnlyList<string> Terms { get; }

    public static SearchTerms Of(string alternative) => new([.. TextAnalyzer.Tokens(alternative).Select(t => t.Term)]);

    /// <summary>Every term of the clauses that must match: the words a highlight marks.</summary>
    public static IReadOnlySet<string> Wanted(SearchExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression.Wanted.SelectMany(a => TextAnalyzer.Tokens(a)).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="tokens"/> (a message's, in order) hold these terms at consecutive positions.</summary>
    public bool MatchIn(IReadOnlyList<TextToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (Terms.Count == 0)
        {
            return false;
        }

        for (var start = 0; start + Terms.Count <= tokens.Count; start++)
        {
            var k = 0;
            while (k < Terms.Count && string.Equals(tokens[start + k].Term, Terms[k], StringComparison.Ordinal))
            {
                k++;
            }

            if (k == Terms.Count)
            {
                return true;
            }
        }

        return false;
    }
}
