using System.Text;

namespace Runtype.Grains.Search;

/// <summary>
/// The short fragment of a found message that a search answer shows (docs: "highlight"): plain text around the first
/// word that matched, each matching word in <c>&lt;mark&gt;</c>, everything else escaped, so that a client can insert
/// it as HTML. Computed here for every engine, from the same <see cref="TextAnalyzer"/> terms the memory store matches
/// by, so the marks are the same whichever engine found the message.
/// </summary>
public static class Highlighter
{
    /// <summary>The most characters of content a fragment holds, counting the "…" that shows a cut, not the markup.</summary>
    public const int MaxLength = 200;

    // How much text before the first match a fragment shows when the text after it fills the rest.
    private const int Lead = 40;

    // A word is cut inside only when stopping before it would leave more than this much of the fragment unused.
    private const int MaxUnused = MaxLength / 4;

    private const char Ellipsis = '…';

    /// <summary>
    /// A fragment of <paramref name="content"/> around its first word whose term is in <paramref name="terms"/> (the
    /// start of the content when none is), with every word whose term is in <paramref name="terms"/> marked. Runs of
    /// white space become one space.
    /// </summary>
    public static string Highlight(string content, IReadOnlySet<string> terms)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(terms);

        var contentStart = SkipSpaces(content, 0);
        var start = contentStart;
        // A match near the start shows the message from its start; one further on, with some text before it.
        if (Weight(content, contentStart, content.Length, MaxLength) > MaxLength && FirstMatch(content, terms) is { } match
            && Weight(content, contentStart, match.Start + match.Length, MaxLength) > MaxLength - Lead)
        {
            // Show more of what comes before when little comes after, but never so much that the word falls off.
            var after = Weight(content, match.Start, content.Length, MaxLength);
            var lead = Math.Min(Math.Max(Lead, MaxLength - 1 - after), Math.Max(0, MaxLength - 2 - match.Length));
            start = WordBoundaryAfter(content, Back(content, match.Start, lead, contentStart), match.Start);
        }

        var leading = start > contentStart;
        var budget = MaxLength - (leading ? 1 : 0);
        var trailing = Weight(content, start, content.Length, budget) > budget;
        var fragment = new StringBuilder(MaxLength + 64);
        if (leading)
        {
            fragment.Append(Ellipsis);
        }

        Write(fragment, content, start, trailing ? budget - 1 : budget, terms, InsideWord(content, start));
        if (trailing)
        {
            fragment.Append(Ellipsis);
        }

        return fragment.ToString();
    }

    /// <summary>Writes the text from <paramref name="start"/> until <paramref name="limit"/> characters of it are written.</summary>
    private static void Write(StringBuilder fragment, string content, int start, int limit, IReadOnlySet<string> terms, bool partial)
    {
        var used = 0;
        var space = false;
        var i = start;
        while (i < content.Length)
        {
            if (IsSpace(content[i]))
            {
                space = used > 0;
                i = SkipSpaces(content, i);
                continue;
            }

            var separator = space ? 1 : 0;
            if (TextAnalyzer.IsWordPart(content, i, inWord: false, out _))
            {
                var wordStart = i;
                TextAnalyzer.TryReadWord(content, ref i, out _, out var wordLength);
                // The end of a word cut at the start is not the word: it is never marked.
                var marked = !(partial && wordStart == start) && terms.Contains(TextAnalyzer.Term(content.AsSpan(wordStart, wordLength)));
                var room = limit - used - separator;
                var shown = wordLength;
                if (wordLength > room)
                {
                    // Stop before a word that does not fit, unless that leaves much of the fragment unused (a long
                    // word, cut inside). A marked word is never cut: only one longer than a whole fragment, shown unmarked.
                    if (used > 0 && (marked || room <= MaxUnused))
                    {
                        return;
                    }

                    marked = false;
                    shown = char.IsHighSurrogate(content[wordStart + room - 1]) ? room - 1 : room;
                }

                AppendSpace(fragment, ref space);
                fragment.Append(marked ? "<mark>" : "").Append(content, wordStart, shown).Append(marked ? "</mark>" : "");
                if (shown < wordLength)
                {
                    return;
                }

                used += separator + wordLength;
                continue;
            }

            var width = char.IsHighSurrogate(content[i]) && i + 1 < content.Length && char.IsLowSurrogate(content[i + 1]) ? 2 : 1;
            if (used + separator + width > limit)
            {
                return;
            }

            AppendSpace(fragment, ref space);
            AppendEscaped(fragment, content, i, width);
            used += separator + width;
            i += width;
        }
    }

    private static void AppendSpace(StringBuilder fragment, ref bool space)
    {
        if (space)
        {
            fragment.Append(' ');
            space = false;
        }
    }

    private static void AppendEscaped(StringBuilder fragment, string content, int index, int width)
    {
        var entity = content[index] switch
        {
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            '"' => "&quot;",
            _ => null,
        };
        if (entity is null)
        {
            fragment.Append(content, index, width);
        }
        else
        {
            fragment.Append(entity);
        }
    }

    private static (int Start, int Length)? FirstMatch(string content, IReadOnlySet<string> terms)
    {
        var index = 0;
        while (TextAnalyzer.TryReadWord(content, ref index, out var start, out var length))
        {
            if (terms.Contains(TextAnalyzer.Term(content.AsSpan(start, length))))
            {
                return (start, length);
            }
        }

        return null;
    }

    /// <summary>
    /// The index at most <paramref name="lead"/> characters of text (as a fragment counts them) before
    /// <paramref name="from"/>, never between the halves of a surrogate pair.
    /// </summary>
    private static int Back(string content, int from, int lead, int contentStart)
    {
        var index = from;
        var weight = 0;
        while (index > contentStart)
        {
            var pair = char.IsLowSurrogate(content[index - 1]) && index - 1 > contentStart && char.IsHighSurrogate(content[index - 2]);
            var cost = pair ? 2 : IsSpace(content[index - 1]) && IsSpace(content[index]) ? 0 : 1;
            if (weight + cost > lead)
            {
                break;
            }

            index -= pair ? 2 : 1;
            weight += cost;
        }

        return index;
    }

    /// <summary>
    /// The first place at or after <paramref name="index"/> that follows a space, where a fragment reads well from, and
    /// not past <paramref name="match"/>, the matching word; <paramref name="index"/> itself when the next space is so
    /// far on that the fragment would lose much of its context (inside a long word).
    /// </summary>
    private static int WordBoundaryAfter(string content, int index, int match)
    {
        var boundary = index;
        while (boundary > 0 && boundary < match && !IsSpace(content[boundary - 1]))
        {
            boundary++;
        }

        boundary = Math.Min(SkipSpaces(content, boundary), match);
        return boundary - index > MaxUnused ? index : boundary;
    }

    /// <summary>
    /// How many characters the text from <paramref name="from"/> to <paramref name="end"/> takes in a fragment, counted
    /// up to just past <paramref name="cap"/>.
    /// </summary>
    private static int Weight(string content, int from, int end, int cap)
    {
        var weight = 0;
        var space = false;
        for (var i = from; i < end && weight <= cap; i++)
        {
            if (IsSpace(content[i]))
            {
                space = weight > 0;
                continue;
            }

            weight += space ? 2 : 1;
            space = false;
        }

        return weight;
    }

    private static bool InsideWord(string content, int index)
    {
        if (index == 0 || index >= content.Length || !TextAnalyzer.IsWordPart(content, index, inWord: true, out _))
        {
            return false;
        }

        var before = index >= 2 && char.IsLowSurrogate(content[index - 1]) && char.IsHighSurrogate(content[index - 2]) ? index - 2 : index - 1;
        return TextAnalyzer.IsWordPart(content, before, inWord: true, out _);
    }

    private static int SkipSpaces(string content, int index)
    {
        while (index < content.Length && IsSpace(content[index]))
        {
            index++;
        }

        return index;
    }

    // Control characters are shown as spaces too: a fragment is one line of plain text.
    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || char.IsControl(c);
}
