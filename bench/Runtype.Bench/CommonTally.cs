namespace Runtype.Bench;

/// <summary>
/// Counts, while the load writes, the messages holding each candidate common word in any of its forms (every word with
/// its lexeme), and keeps the newest page of them: after the load, the candidate nearest a tenth of the messages is
/// the common word, and its first page is known exactly.
/// </summary>
public sealed class CommonTally
{
    private readonly int[] _candidateOf; // per vocabulary word: the candidate it is a form of, or -1.
    private readonly bool[] _seen;

    public CommonTally(string[] lexemes)
    {
        ArgumentNullException.ThrowIfNull(lexemes);
        var candidates = SearchVocabulary.CommonCandidates.Select(c => lexemes[IndexOf(c)]).ToList();
        _candidateOf = [.. lexemes.Select(l => candidates.IndexOf(l))];
        _seen = new bool[candidates.Count];
        Matches = new int[candidates.Count];
        Newest = [.. candidates.Select(_ => new Queue<int>())];
    }

    /// <summary>Per candidate: the messages holding it.</summary>
    public int[] Matches { get; }

    /// <summary>Per candidate: the newest of those, a page's worth, oldest first.</summary>
    public Queue<int>[] Newest { get; }

    /// <summary>Counts message <paramref name="k"/>, given in ascending order, with its <paramref name="words"/>.</summary>
    public void Count(int k, List<int> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Array.Clear(_seen);
        foreach (var word in words)
        {
            if (_candidateOf[word] is var candidate and >= 0 && !_seen[candidate])
            {
                _seen[candidate] = true;
                Matches[candidate]++;
                Newest[candidate].Enqueue(k);
                if (Newest[candidate].Count > SearchProbe.PageSize)
                {
                    Newest[candidate].Dequeue();
                }
            }
        }
    }

    /// <summary>The candidate whose count is nearest <paramref name="target"/>.</summary>
    public int NearestTo(int target) => Enumerable.Range(0, Matches.Length).MinBy(c => Math.Abs(Matches[c] - target));

    /// <summary>Every vocabulary word (lower case) with candidate <paramref name="candidate"/>'s lexeme.</summary>
    public IReadOnlySet<string> FormsOf(int candidate) =>
        Enumerable.Range(0, SearchVocabulary.Words.Count).Where(i => _candidateOf[i] == candidate)
            .Select(i => SearchVocabulary.Words[i].ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    private static int IndexOf(string word)
    {
        var index = SearchVocabulary.Words.ToList().IndexOf(word);
        return index >= 0 ? index : throw new InvalidOperationException($"search vocabulary: the common candidate '{word}' is not in it.");
    }
}
