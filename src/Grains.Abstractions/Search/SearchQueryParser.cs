using System.Text;

namespace Runtype.Grains.Search;

/// <summary>
/// Reads the query language of <c>GET /search/messages</c> (docs/search.md): words; <c>"quoted phrase"</c> (a quote
/// left open runs to the end); <c>-word</c> or <c>-"phrase"</c> excludes; <c>OR</c> (upper case) between two words or
/// phrases makes them alternatives. Terms side by side must all match; <c>OR</c> binds tighter, so
/// <c>refund OR return order</c> is (refund or return) and order. Nothing else is an operator: every other character is
/// text, and a term without a letter or a digit is dropped as it can match nothing. An <c>OR</c> with no term on a side,
/// or beside an excluded term, is the word "or".
/// </summary>
public static class SearchQueryParser
{
    /// <summary>At most this many alternatives in all: a bound on what one query may ask each engine to match.</summary>
    public const int MaxTerms = 64;

    /// <summary>The expression, or null with the reason when <paramref name="q"/> has no word to search for or too many terms.</summary>
    public static SearchExpression? Parse(string q, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(q);
        var terms = Terms(q);
        var clauses = new List<SearchClause>();
        var count = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (term.IsOr)
            {
                // Not between two terms it can join (those were taken below): the word "or".
                term = new Term("OR", Excluded: false, IsOr: false);
            }

            var alternatives = new List<string> { term.Text };
            while (!term.Excluded && i + 2 < terms.Count && terms[i + 1].IsOr && !terms[i + 2].IsOr && !terms[i + 2].Excluded)
            {
                alternatives.Add(terms[i + 2].Text);
                i += 2;
            }

            var searchable = alternatives.Where(HasWord).ToList();
            if (searchable.Count > 0)
            {
                clauses.Add(new SearchClause(searchable, term.Excluded));
                count += searchable.Count;
            }
        }

        problem = count > MaxTerms
            ? $"Has more than {MaxTerms} terms."
            : clauses.All(c => c.Excluded) ? "Has no word to search for (a letter or a digit outside an excluded term)." : null;
        return problem is null ? new SearchExpression(clauses) : null;
    }

    /// <summary>Whether <paramref name="text"/> holds a letter or a digit, which every engine indexes.</summary>
    public static bool HasWord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                return true;
            }
        }

        return false;
    }

    private static List<Term> Terms(string q)
    {
        var terms = new List<Term>();
        var i = 0;
        while (i < q.Length)
        {
            if (char.IsWhiteSpace(q[i]) || char.IsControl(q[i]))
            {
                i++;
                continue;
            }

            var excluded = q[i] == '-' && i + 1 < q.Length && !char.IsWhiteSpace(q[i + 1]);
            var start = excluded ? i + 1 : i;
            if (start < q.Length && q[start] == '"')
            {
                var close = q.IndexOf('"', start + 1);
                var end = close < 0 ? q.Length : close;
                terms.Add(new Term(Clean(q[(start + 1)..end]), excluded, IsOr: false));
                i = close < 0 ? q.Length : close + 1;
                continue;
            }

            var stop = start;
            while (stop < q.Length && !char.IsWhiteSpace(q[stop]) && !char.IsControl(q[stop]) && q[stop] != '"')
            {
                stop++;
            }

            var text = q[start..stop];
            terms.Add(new Term(Clean(text), excluded, IsOr: !excluded && text == "OR"));
            i = stop;
        }

        return terms;
    }

    // Control characters become spaces: they are no part of a word on any engine.
    private static string Clean(string text) =>
        string.Create(text.Length, text, static (chars, t) =>
        {
            for (var k = 0; k < t.Length; k++)
            {
                chars[k] = char.IsControl(t[k]) ? ' ' : t[k];
            }
        }).Trim();

    private readonly record struct Term(string Text, bool Excluded, bool IsOr);
}
