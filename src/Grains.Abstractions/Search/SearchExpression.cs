namespace Runtype.Grains.Search;

/// <summary>
/// A parsed search query (<c>q</c>): every clause must match, an excluded clause must not. A clause matches when any
/// of its alternatives does (words joined by <c>OR</c>); an alternative is the text of one word or of one quoted phrase,
/// kept as the caller typed it, so that each engine breaks it into words by its own rules, as it broke the content.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.SearchExpression")]
public sealed record SearchExpression([property: Id(0)] IReadOnlyList<SearchClause> Clauses)
{
    /// <summary>The alternatives of the clauses that must match: what a highlight marks.</summary>
    public IEnumerable<string> Wanted => Clauses.Where(c => !c.Excluded).SelectMany(c => c.Alternatives);

    public override string ToString() =>
        string.Join(' ', Clauses.Select(c => (c.Excluded ? "-" : "") + string.Join(" OR ", c.Alternatives.Select(a => $"\"{a}\""))));
}

/// <summary>One clause of a <see cref="SearchExpression"/>: any of <see cref="Alternatives"/>, or none of them when <see cref="Excluded"/>.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.SearchClause")]
public sealed record SearchClause([property: Id(0)] IReadOnlyList<string> Alternatives, [property: Id(1)] bool Excluded);
