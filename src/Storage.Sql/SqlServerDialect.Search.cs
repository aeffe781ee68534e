using Runtype.Grains.Search;

namespace Runtype.Storage.Sql;

public sealed partial class SqlServerDialect
{
    /// <summary>
    /// CONTAINS' syntax: a word alone as <c>FORMSOF(INFLECTIONAL, "word")</c>, so its English forms match as they do
    /// on the other engines; a phrase, or a word the word breaker splits (an address, a hyphenated word), as a quoted
    /// phrase; alternatives joined by <c>OR</c>, clauses by <c>AND</c>, excluded ones last behind <c>AND NOT</c>, as
    /// CONTAINS refuses a query that starts with NOT. A double quote cannot occur in an alternative (it delimits
    /// phrases in <c>q</c>); it is dropped all the same, as it would end the quoted term.
    /// </summary>
    public override string SearchText(SearchExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var wanted = expression.Clauses.Where(c => !c.Excluded).Select(Clause);
        var excluded = expression.Clauses.Where(c => c.Excluded).Select(c => "NOT " + Clause(c));
        return string.Join(" AND ", wanted.Concat(excluded));
    }

    private static string Clause(SearchClause clause) => "(" + string.Join(" OR ", clause.Alternatives.Select(Term)) + ")";

    private static string Term(string alternative)
    {
        var text = alternative.Replace('"', ' ').Trim();
        return text.All(char.IsLetter) ? $"FORMSOF(INFLECTIONAL, \"{text}\")" : $"\"{text}\"";
    }
}
