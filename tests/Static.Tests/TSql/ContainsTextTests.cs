using Runtype.Grains.Search;
using Runtype.Storage.Sql;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// The CONTAINS condition SQL Server's search sends (<see cref="SqlServerDialect.SearchText"/>) for queries as the
/// endpoint parses them: a lone word with its English forms, phrases quoted, OR within a clause, AND between clauses,
/// exclusions last (CONTAINS refuses a condition that starts with NOT), and nothing the caller typed read as an
/// operator of CONTAINS.
/// </summary>
public sealed class ContainsTextTests
{
    private static readonly SqlServerDialect Dialect = new();

    [Theory]
    [InlineData("refund", "(FORMSOF(INFLECTIONAL, \"refund\"))")]
    [InlineData("Café", "(FORMSOF(INFLECTIONAL, \"Café\"))")]
    [InlineData("refund order", "(FORMSOF(INFLECTIONAL, \"refund\")) AND (FORMSOF(INFLECTIONAL, \"order\"))")]
    [InlineData("\"refund my order\"", "(\"refund my order\")")]
    [InlineData("refund OR return", "(FORMSOF(INFLECTIONAL, \"refund\") OR FORMSOF(INFLECTIONAL, \"return\"))")]
    [InlineData("refund OR \"money back\" order", "(FORMSOF(INFLECTIONAL, \"refund\") OR \"money back\") AND (FORMSOF(INFLECTIONAL, \"order\"))")]
    public void Words_take_their_forms_phrases_are_quoted_and_OR_binds_within_a_clause(string q, string expected) =>
        Assert.Equal(expected, Text(q));

    /// <summary>A word with a digit or a sign is what the word breaker may split or keep whole: a phrase, never FORMSOF.</summary>
    [Theory]
    [InlineData("t3st", "(\"t3st\")")]
    [InlineData("e-mail", "(\"e-mail\")")]
    [InlineData("ann@example.com", "(\"ann@example.com\")")]
    [InlineData("don't", "(\"don't\")")]
    public void A_word_with_more_than_letters_is_sent_as_a_phrase(string q, string expected) =>
        Assert.Equal(expected, Text(q));

    [Theory]
    [InlineData("-please refund", "(FORMSOF(INFLECTIONAL, \"refund\")) AND NOT (FORMSOF(INFLECTIONAL, \"please\"))")]
    [InlineData("-\"my order\" refund -late", "(FORMSOF(INFLECTIONAL, \"refund\")) AND NOT (\"my order\") AND NOT (FORMSOF(INFLECTIONAL, \"late\"))")]
    public void Exclusions_come_last_behind_AND_NOT_wherever_they_were_typed(string q, string expected)
    {
        var text = Text(q);

        Assert.Equal(expected, text);
        Assert.False(text.StartsWith("NOT", StringComparison.Ordinal));
    }

    /// <summary>
    /// Inside CONTAINS' quotes a double quote ends the term and an asterisk makes its words prefixes: the caller's
    /// <c>refund*</c> is the word refund, as the content's "refund*" is to the word breaker.
    /// </summary>
    [Theory]
    [InlineData("refund*", "(FORMSOF(INFLECTIONAL, \"refund\"))")]
    [InlineData("\"money back*\"", "(\"money back\")")]
    [InlineData("re*fund", "(\"re fund\")")]
    public void An_asterisk_is_no_prefix_operator(string q, string expected) =>
        Assert.Equal(expected, Text(q));

    [Fact]
    public void A_double_quote_inside_an_alternative_is_dropped_so_it_cannot_end_the_quoted_term()
    {
        var expression = new SearchExpression([new SearchClause(["say \"hi\" now", "x\"y"], Excluded: false)]);

        Assert.Equal("(\"say  hi  now\" OR \"x y\")", Dialect.SearchText(expression));
    }

    /// <summary>What CONTAINS reads as operators outside quotes stays inside them, whatever the caller typed.</summary>
    [Theory]
    [InlineData("NEAR((a, b), 2)")]
    [InlineData("a AND NOT b")]
    [InlineData("FORMSOF(THESAURUS, x) ~ & | !")]
    [InlineData("\"open quote")]
    public void Operators_of_CONTAINS_in_the_query_are_only_text(string q)
    {
        var text = Text(q);
        var outsideQuotes = string.Concat(text.Split('"').Where((_, i) => i % 2 == 0));

        Assert.Equal(0, text.Count(c => c == '"') % 2);
        Assert.DoesNotContain('*', text);
        Assert.Matches(@"^[\s()]*(FORMSOF\(INFLECTIONAL, |AND NOT|AND|OR|[\s(),])*$", outsideQuotes);
    }

    private static string Text(string q)
    {
        var expression = SearchQueryParser.Parse(q, out var problem);
        Assert.True(problem is null, problem);
        return Dialect.SearchText(expression!);
    }
}
