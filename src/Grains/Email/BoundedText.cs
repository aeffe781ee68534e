using System.Text;

namespace Runtype.Grains.Email;

/// <summary>
/// Collects a mail's text up to what a message may hold: at most <see cref="MaxUtf8Bytes"/> of UTF-8 and at most
/// <see cref="FieldLimits.Content"/> code points, whichever comes first. What it keeps always passes the API's text
/// rule: line breaks become <c>\n</c>, NUL is dropped and a lone surrogate becomes U+FFFD, and a cut never splits a
/// surrogate pair. Text offered past the limit is dropped and marks it <see cref="Truncated"/> (white space alone
/// does not: it would be trimmed anyway), after which a caller may stop feeding it.
/// </summary>
internal sealed class BoundedText(int maxUtf8Bytes = BoundedText.MaxUtf8Bytes, int maxCodePoints = FieldLimits.Content)
{
    public const int MaxUtf8Bytes = 256 * 1024;

    private readonly StringBuilder _text = new();
    private int _bytes;
    private int _codePoints;
    private char _pendingHigh;
    private bool _afterCarriageReturn;

    public bool Truncated { get; private set; }

    /// <summary>Marks the text cut by its reader: more was there than was read.</summary>
    public void Cut() => Truncated = true;

    public void Append(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            Append(c);
        }
    }

    public void Append(char c)
    {
        if (_pendingHigh != '\0')
        {
            var high = _pendingHigh;
            _pendingHigh = '\0';
            if (char.IsLowSurrogate(c))
            {
                Keep(new Rune(high, c));
                return;
            }

            Keep(Rune.ReplacementChar);
        }

        if (char.IsHighSurrogate(c))
        {
            _pendingHigh = c;
            return;
        }

        var afterCarriageReturn = _afterCarriageReturn;
        _afterCarriageReturn = c == '\r';
        switch (c)
        {
            case '\0':
                return;
            case '\n' when afterCarriageReturn:
                return; // The \r before it already became the line break.
            case '\r':
                Keep(new Rune('\n'));
                return;
            default:
                Keep(char.IsLowSurrogate(c) ? Rune.ReplacementChar : new Rune(c));
                return;
        }
    }

    /// <summary>The text kept, without trailing white space (mail bodies end in line breaks nobody wrote).</summary>
    public override string ToString()
    {
        if (_pendingHigh != '\0')
        {
            _pendingHigh = '\0';
            Keep(Rune.ReplacementChar);
        }

        var end = _text.Length;
        while (end > 0 && char.IsWhiteSpace(_text[end - 1]))
        {
            end--;
        }

        return _text.ToString(0, end);
    }

    private void Keep(Rune rune)
    {
        if (Truncated || _codePoints + 1 > maxCodePoints || _bytes + rune.Utf8SequenceLength > maxUtf8Bytes)
        {
            Truncated |= !Rune.IsWhiteSpace(rune);
            return;
        }

        _codePoints++;
        _bytes += rune.Utf8SequenceLength;
        if (rune.IsBmp)
        {
            _text.Append((char)rune.Value);
        }
        else
        {
            Span<char> pair = stackalloc char[2];
            _text.Append(pair[..rune.EncodeToUtf16(pair)]);
        }
    }
}
