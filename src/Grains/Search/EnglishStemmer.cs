namespace Runtype.Grains.Search;

/// <summary>
/// The Snowball English (Porter2) stemmer, written from the algorithm's published description, so that the memory
/// store finds the same word forms as PostgreSQL's <c>english_stem</c> dictionary (which is this algorithm): a search
/// for <c>refunds</c> finds <c>refunded</c> on every engine. Tests hold it to PostgreSQL word by word.
/// </summary>
public static class EnglishStemmer
{
    // Consonant 'y' (at the start of a word or after a vowel) is written 'Y' while stemming, so it is not a vowel.
    private const char ConsonantY = 'Y';

    // A stack buffer holds words up to this length; longer ones (rare) get an array.
    private const int StackLength = 64;

    /// <summary>
    /// The stem of <paramref name="word"/>, a lower-case word without accents (<see cref="TextAnalyzer.Term(string)"/>
    /// prepares one). Characters other than a-z are consonants to the algorithm, as they are to Snowball, so a word of
    /// another language keeps its form apart from an English-looking ending. Returns <paramref name="word"/> itself
    /// when nothing changes.
    /// </summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Stem(word.AsSpan()) ?? word;
    }

    /// <summary>The stem of <paramref name="word"/>, or null when it is <paramref name="word"/> unchanged.</summary>
    internal static string? Stem(ReadOnlySpan<char> word)
    {
        if (IsException1(word, out var special))
        {
            return special;
        }

        // Two letters or fewer are left as they are.
        if (word.Length < 3)
        {
            return null;
        }

        // No step lengthens the word: each one that adds a letter has removed more first.
        Span<char> buffer = word.Length <= StackLength ? stackalloc char[StackLength] : new char[word.Length];
        word.CopyTo(buffer);
        var stem = new StemBuffer(buffer, word.Length);
        stem.MarkConsonantYs();
        stem.MarkRegions();
        stem.Step1A();
        if (!stem.IsInvariantAfterStep1A())
        {
            stem.Step1B();
            stem.Step1C();
            stem.Step2();
            stem.Step3();
            stem.Step4();
            stem.Step5();
        }

        var result = stem.Result;
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] == ConsonantY)
            {
                result[i] = 'y';
            }
        }

        return result.SequenceEqual(word) ? null : new string(result);
    }

    /// <summary>
    /// Whole words the rules would get wrong: <paramref name="stem"/> is the stem they have instead, or null for the
    /// words that stay as they are.
    /// </summary>
    private static bool IsException1(ReadOnlySpan<char> word, out string? stem)
    {
        stem = word switch
        {
            "skis" => "ski",
            "skies" => "sky",
            "dying" => "die",
            "lying" => "lie",
            "tying" => "tie",
            "idly" => "idl",
            "gently" => "gentl",
            "ugly" => "ugli",
            "early" => "earli",
            "only" => "onli",
            "singly" => "singl",
            _ => null,
        };
        return stem is not null || word is "sky" or "news" or "howe" or "atlas" or "cosmos" or "bias" or "andes";
    }

    internal static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
