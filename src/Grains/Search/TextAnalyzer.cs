using System.Buffers;
using System.Globalization;
using System.Text;

namespace Runtype.Grains.Search;

/// <summary>
/// Splits text into words and gives each the term search matches it by, for every engine but SQL Server: the memory
/// index keeps these terms, and PostgreSQL's search_vector is these terms too (PostgresSearchText), so both find the
/// same messages. The rules follow PostgreSQL's <c>runtype_search</c> configuration, which fills the vectors of
/// messages stored before search (migration 0015) and is checked against this class: a word is a run of letters
/// and digits (with the combining marks inside it); its term is the word in lower case without accents, stemmed by
/// <see cref="EnglishStemmer"/> when it is all letters and kept as it is when it holds a digit (<c>abc123</c>), as
/// PostgreSQL maps words with digits to the <c>simple</c> dictionary.
/// </summary>
public static class TextAnalyzer
{
    // Words of up to 64 characters (each may fold to three) are normalized in a stack buffer; longer ones get an array.
    private const int StackLength = 64 * AccentFolding.MaxExpansion;

    /// <summary>The words of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<TextToken> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<TextToken>();
        var index = 0;
        while (TryReadWord(text, ref index, out var start, out var length))
        {
            tokens.Add(new TextToken(start, length, tokens.Count + 1, Term(text.AsSpan(start, length))));
        }

        return tokens;
    }

    /// <summary>
    /// The words of <paramref name="text"/>, in order, each normalized only when the caller comes to it: a reader that
    /// stops at the first match does not pay for the rest.
    /// </summary>
    public static IEnumerable<TextToken> EnumerateTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Enumerate(text);

        static IEnumerable<TextToken> Enumerate(string text)
        {
            var index = 0;
            var position = 0;
            while (TryReadWord(text, ref index, out var start, out var length))
            {
                yield return new TextToken(start, length, ++position, Term(text.AsSpan(start, length)));
            }
        }
    }

    /// <summary>The term of one word, as a query's words are matched (see <see cref="TextAnalyzer"/>).</summary>
    public static string Term(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Term(word.AsSpan());
    }

    /// <summary>The term of <paramref name="word"/> (see <see cref="TextAnalyzer"/>).</summary>
    internal static string Term(ReadOnlySpan<char> word)
    {
        var capacity = word.Length * AccentFolding.MaxExpansion;
        Span<char> buffer = capacity <= StackLength ? stackalloc char[StackLength] : new char[capacity];
        var length = 0;
        var hasDigit = false;
        var index = 0;
        while (index < word.Length)
        {
            var c = word[index];
            if (char.IsAscii(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
                hasDigit |= char.IsAsciiDigit(c);
                index++;
                continue;
            }

            if (Rune.DecodeFromUtf16(word[index..], out var rune, out var consumed) != OperationStatus.Done)
            {
                // A lone surrogate: kept as it is, so the term still names this word alone.
                buffer[length++] = c;
                index++;
                continue;
            }

            index += consumed;
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                // An accent written as a mark of its own after its letter ("e" + U+0301) goes, like a precomposed one.
                continue;
            }

            hasDigit |= Rune.IsDigit(rune);
            var lower = Rune.ToLowerInvariant(rune);
            length += lower.IsBmp
                ? AccentFolding.Fold((char)lower.Value, buffer[length..])
                : lower.EncodeToUtf16(buffer[length..]);
        }

        var term = buffer[..length];
        return hasDigit ? new string(term) : EnglishStemmer.Stem(term) ?? new string(term);
    }

    /// <summary>
    /// Finds the next word at or after <paramref name="index"/> and moves <paramref name="index"/> past it. A surrogate
    /// pair is one character here (a letter of a supplementary plane is part of a word, an emoji is not).
    /// </summary>
    internal static bool TryReadWord(string text, ref int index, out int start, out int length)
    {
        start = -1;
        var i = index;
        while (i < text.Length)
        {
            var part = IsWordPart(text, i, start >= 0, out var width);
            if (start < 0 && part)
            {
                start = i;
            }
            else if (start >= 0 && !part)
            {
                break;
            }

            i += width;
        }

        index = i;
        length = start < 0 ? 0 : i - start;
        return start >= 0;
    }

    /// <summary>
    /// Whether the character at <paramref name="index"/> (a surrogate pair counts as one, <paramref name="width"/> 2)
    /// belongs to a word: a letter or digit, or a combining mark that follows one (<paramref name="inWord"/>).
    /// </summary>
    internal static bool IsWordPart(string text, int index, bool inWord, out int width)
    {
        var c = text[index];
        if (char.IsAscii(c))
        {
            width = 1;
            return char.IsAsciiLetterOrDigit(c);
        }

        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out width) != OperationStatus.Done)
        {
            return false;
        }

        if (Rune.IsLetterOrDigit(rune))
        {
            return true;
        }

        var category = Rune.GetUnicodeCategory(rune);
        return inWord && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }
}
