namespace Runtype.Grains.Search;

/// <summary>
/// The word <see cref="EnglishStemmer"/> is shortening, in a buffer it owns, with the regions the steps test: R1 starts
/// after the first consonant that follows a vowel, R2 likewise within R1. Both are fixed on the whole word before any
/// step, as the algorithm defines them, and only the word's end moves.
/// </summary>
internal ref struct StemBuffer
{
    // Each step looks for the longest of its suffixes that ends the word; the lists are ordered longest first.
    private static readonly (string Suffix, string Replacement)[] Step2Suffixes =
    [
        ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
        ("entli", "ent"), ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"),
        ("fulli", "ful"),
        ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"),
        ("bli", "ble"), ("ogi", "og"),
        ("li", ""),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Suffixes =
    [
        ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
        ("ical", "ic"), ("ness", ""), ("ful", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion",
        "al", "er", "ic",
    ];

    private static readonly string[] DoubleEndings = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];

    private static readonly string[] InvariantAfterStep1A =
        ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];

    private readonly Span<char> _chars;
    private int _length;
    private int _r1;
    private int _r2;

    public StemBuffer(Span<char> chars, int length)
    {
        _chars = chars;
        _length = length;
        _r1 = length;
        _r2 = length;
    }

    public readonly Span<char> Result => _chars[.._length];

    /// <summary>Writes 'y' at the start of the word or after a vowel as 'Y', a consonant to every later test.</summary>
    public readonly void MarkConsonantYs()
    {
        for (var i = 0; i < _length; i++)
        {
            if (_chars[i] == 'y' && (i == 0 || EnglishStemmer.IsVowel(_chars[i - 1])))
            {
                _chars[i] = 'Y';
            }
        }
    }

    public void MarkRegions()
    {
        var word = Result;
        // Words of these families would otherwise have R1 too early and lose their meaning ("general", "generous").
        _r1 = word.StartsWith("gener") ? 5
            : word.StartsWith("commun") ? 6
            : word.StartsWith("arsen") ? 5
            : AfterVowelAndConsonant(0);
        _r2 = AfterVowelAndConsonant(_r1);
    }

    public void Step1A()
    {
        if (EndsWith("sses"))
        {
            _length -= 2;
        }
        else if (EndsWith("ied") || EndsWith("ies"))
        {
            // To "i" after two letters or more ("cries" -> "cri"), else to "ie" ("ties" -> "tie").
            _length -= _length > 4 ? 2 : 1;
        }
        else if (EndsWith("s") && !EndsWith("us") && !EndsWith("ss") && HasVowelBefore(_length - 2))
        {
            // A vowel right before the s does not count: "gas" and "this" stay.
            _length--;
        }
    }

    public readonly bool IsInvariantAfterStep1A()
    {
        foreach (var word in InvariantAfterStep1A)
        {
            if (Result.SequenceEqual(word))
            {
                return true;
            }
        }

        return false;
    }

    public void Step1B()
    {
        if (EndsWith("eedly") || EndsWith("eed"))
        {
            var start = _length - (EndsWith("eedly") ? 5 : 3);
            if (start >= _r1)
            {
                _length = start + 2;
            }

            return;
        }

        var suffix = EndsWith("ingly") ? 5 : EndsWith("edly") ? 4 : EndsWith("ing") ? 3 : EndsWith("ed") ? 2 : 0;
        if (suffix == 0 || !HasVowelBefore(_length - suffix))
        {
            return;
        }

        _length -= suffix;
        if (EndsWith("at") || EndsWith("bl") || EndsWith("iz"))
        {
            Append('e');
        }
        else if (EndsWithAny(DoubleEndings))
        {
            _length--;
        }
        else if (_length == _r1 && EndsWithShortSyllable(_length))
        {
            // A short word: "hoped" -> "hope".
            Append('e');
        }
    }

    public void Step1C()
    {
        if (_length > 2 && _chars[_length - 1] is 'y' or 'Y' && !EnglishStemmer.IsVowel(_chars[_length - 2]))
        {
            _chars[_length - 1] = 'i';
        }
    }

    public void Step2()
    {
        var (suffix, replacement) = Longest(Step2Suffixes);
        if (suffix is null || _length - suffix.Length < _r1)
        {
            return;
        }

        var before = _length - suffix.Length - 1;
        var allowed = suffix switch
        {
            "ogi" => before >= 0 && _chars[before] == 'l',
            "li" => before >= 0 && _chars[before] is 'c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't',
            _ => true,
        };
        if (allowed)
        {
            Replace(suffix.Length, replacement);
        }
    }

    public void Step3()
    {
        var (suffix, replacement) = Longest(Step3Suffixes);
        var start = _length - (suffix?.Length ?? 0);
        if (suffix is not null && start >= _r1 && (suffix != "ative" || start >= _r2))
        {
            Replace(suffix.Length, replacement);
        }
    }

    public void Step4()
    {
        var suffix = LongestOf(Step4Suffixes);
        var start = _length - (suffix?.Length ?? 0);
        if (suffix is not null && start >= _r2 && (suffix != "ion" || (start > 0 && _chars[start - 1] is 's' or 't')))
        {
            _length = start;
        }
    }

    public void Step5()
    {
        var last = _length - 1;
        if (last < 0)
        {
            return;
        }

        if (_chars[last] == 'e' && (last >= _r2 || (last >= _r1 && !EndsWithShortSyllable(last))))
        {
            _length--;
        }
        else if (_chars[last] == 'l' && last >= _r2 && last > 0 && _chars[last - 1] == 'l')
        {
            _length--;
        }
    }

    /// <summary>
    /// Whether the letters before <paramref name="end"/> end in a short syllable: a consonant other than w, x or 'Y'
    /// after a vowel after a consonant ("hop"), or a consonant after a vowel that starts the word ("at").
    /// </summary>
    private readonly bool EndsWithShortSyllable(int end)
    {
        if (end < 2 || EnglishStemmer.IsVowel(_chars[end - 1]) || !EnglishStemmer.IsVowel(_chars[end - 2]))
        {
            return false;
        }

        return end == 2 || (!EnglishStemmer.IsVowel(_chars[end - 3]) && _chars[end - 1] is not ('w' or 'x' or 'Y'));
    }

    private readonly int AfterVowelAndConsonant(int from)
    {
        var i = from;
        while (i < _length && !EnglishStemmer.IsVowel(_chars[i]))
        {
            i++;
        }

        while (i < _length && EnglishStemmer.IsVowel(_chars[i]))
        {
            i++;
        }

        return i < _length ? i + 1 : _length;
    }

    private readonly bool HasVowelBefore(int end)
    {
        for (var i = 0; i < end; i++)
        {
            if (EnglishStemmer.IsVowel(_chars[i]))
            {
                return true;
            }
        }

        return false;
    }

    private readonly bool EndsWith(string suffix) => Result.EndsWith(suffix);

    private readonly bool EndsWithAny(string[] suffixes) => LongestOf(suffixes) is not null;

    private readonly string? LongestOf(string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (EndsWith(suffix))
            {
                return suffix;
            }
        }

        return null;
    }

    private readonly (string? Suffix, string Replacement) Longest((string Suffix, string Replacement)[] suffixes)
    {
        foreach (var entry in suffixes)
        {
            if (EndsWith(entry.Suffix))
            {
                return entry;
            }
        }

        return (null, "");
    }

    private void Replace(int suffixLength, string replacement)
    {
        _length -= suffixLength;
        replacement.CopyTo(_chars[_length..]);
        _length += replacement.Length;
    }

    private void Append(char c) => _chars[_length++] = c;
}
