using Runtype.Grains.Search;
using Runtype.Storage.Sql;

namespace Runtype.Static.Tests.Search;

/// <summary>
/// The vectors and queries PostgreSQL is sent are our analyzer's terms in tsvector's and tsquery's text forms: every
/// term quoted, positions within tsvector's limits, and nothing a caller typed read as an operator.
/// </summary>
public sealed class PostgresSearchTextTests
{
    [Fact]
    public void A_vector_holds_each_term_once_with_its_positions()
    {
        Assert.Equal("'refund':1,3 'cafe':2 'abc123':4", PostgresSearchText.Vector("Refunds, café refunding! ABC123"));
        Assert.Equal("", PostgresSearchText.Vector("  !!! -- "));
    }

    [Fact]
    public void A_vector_keeps_within_tsvectors_limits_of_positions()
    {
        var vector = PostgresSearchText.Vector(string.Join(' ', Enumerable.Repeat("word", 20_000)));

        var positions = vector["'word':".Length..].Split(',').Select(int.Parse).ToList();
        Assert.Equal(256, positions.Count);
        Assert.All(positions, p => Assert.InRange(p, 1, 16_383));
    }

    [Fact]
    public void A_query_joins_phrases_alternatives_and_exclusions_with_every_term_quoted()
    {
        var expression = SearchQueryParser.Parse("refunds OR \"café latte\" order -\"it's\" :*&|!", out _)!;

        Assert.Equal("(('refund') | ('cafe' <-> 'latt')) & (('order')) & !(('it' <-> 's'))", PostgresSearchText.Query(expression));
    }
}
