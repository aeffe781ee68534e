namespace Runtype.Grains.Search;

/// <summary>
/// The memory store's full-text index: for each owner, the messages that hold each normalised term
/// (<see cref="TextAnalyzer"/>, whose terms PostgreSQL's search vectors hold too). It narrows a query
/// to the messages holding every word of some alternative of each wanted clause; <see cref="Matches"/> then checks
/// phrases and exclusions on the candidates' own words. Not thread-safe: the store calls it under its lock, in the
/// same step as the write that changes what a message says, so a search sees every committed write and no other.
/// </summary>
public sealed class MemorySearchIndex
{
    private readonly Dictionary<string, Dictionary<string, HashSet<IndexedMessage>>> _byOwner = new(StringComparer.Ordinal);

    /// <summary>Makes <paramref name="message"/> findable by the words of its content.</summary>
    public void Add(string owner, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_byOwner.TryGetValue(owner, out var postings))
        {
            postings = new Dictionary<string, HashSet<IndexedMessage>>(StringComparer.Ordinal);
            _byOwner.Add(owner, postings);
        }

        var key = new IndexedMessage(message.ConversationId, message.Id);
        foreach (var token in TextAnalyzer.Tokens(message.Content))
        {
            if (!postings.TryGetValue(token.Term, out var holders))
            {
                holders = [];
                postings.Add(token.Term, holders);
            }

            holders.Add(key);
        }
    }

    /// <summary>Forgets <paramref name="message"/> as <see cref="Add"/> indexed it (its content then).</summary>
    public void Remove(string owner, Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_byOwner.TryGetValue(owner, out var postings))
        {
            return;
        }

        var key = new IndexedMessage(message.ConversationId, message.Id);
        foreach (var token in TextAnalyzer.Tokens(message.Content))
        {
            if (postings.TryGetValue(token.Term, out var holders) && holders.Remove(key) && holders.Count == 0)
            {
                postings.Remove(token.Term);
            }
        }
    }

    /// <summary>The owner's messages that hold every word of some alternative of each wanted clause (a superset of the matches).</summary>
    public IReadOnlyCollection<IndexedMessage> Candidates(string owner, IReadOnlyList<CompiledClause> clauses)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        if (!_byOwner.TryGetValue(owner, out var postings))
        {
            return [];
        }

        HashSet<IndexedMessage>? result = null;
        foreach (var clause in clauses.Where(c => !c.Excluded))
        {
            var union = new HashSet<IndexedMessage>();
            foreach (var alternative in clause.Alternatives)
            {
                union.UnionWith(Holding(postings, alternative.Terms));
            }

            if (result is null)
            {
                result = union;
            }
            else
            {
                result.IntersectWith(union);
            }

            if (result.Count == 0)
            {
                break;
            }
        }

        return result ?? [];
    }

    /// <summary>Whether content with these <paramref name="tokens"/> matches the clauses: each wanted one, and no excluded one.</summary>
    public static bool Matches(IReadOnlyList<CompiledClause> clauses, IReadOnlyList<TextToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        return clauses.All(c => c.Alternatives.Any(a => a.MatchIn(tokens)) != c.Excluded);
    }

    /// <summary>The expression's clauses with each alternative broken into terms; an alternative with none is left out.</summary>
    public static IReadOnlyList<CompiledClause> Compile(SearchExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return [.. expression.Clauses.Select(c => new CompiledClause(
            [.. c.Alternatives.Select(SearchTerms.Of).Where(a => a.Terms.Count > 0)], c.Excluded))];
    }

    private static IEnumerable<IndexedMessage> Holding(Dictionary<string, HashSet<IndexedMessage>> postings, IReadOnlyList<string> terms)
    {
        var sets = new List<HashSet<IndexedMessage>>(terms.Count);
        foreach (var term in terms.Distinct(StringComparer.Ordinal))
        {
            if (!postings.TryGetValue(term, out var holders))
            {
                return [];
            }

            sets.Add(holders);
        }

        if (sets.Count == 0)
        {
            return [];
        }

        sets.Sort((a, b) => a.Count.CompareTo(b.Count));
        return sets[0].Where(m => sets.Skip(1).All(s => s.Contains(m)));
    }
}

/// <summary>A message in the index, by its conversation and id.</summary>
public readonly record struct IndexedMessage(string ConversationId, string MessageId);

/// <summary>A clause of a query, its alternatives broken into terms.</summary>
public sealed record CompiledClause(IReadOnlyList<SearchTerms> Alternatives, bool Excluded);
