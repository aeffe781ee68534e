using System.Globalization;
using MimeKit.Text;

namespace Runtype.Grains.Email;

/// <summary>
/// Turns an HTML mail body into the plain text a person would read: no tags, character references decoded,
/// nothing of <c>head</c>, <c>style</c> or <c>script</c>, white space collapsed outside <c>pre</c>, block
/// elements as line breaks (a blank line between paragraphs), list items as <c>- </c> or <c>1. </c>, and quoted
/// history (<c>blockquote</c>) kept with a <c>&gt; </c> per level, the way a plain-text reply quotes. MimeKit's
/// tokenizer reads the HTML as a stream; reading stops once the output is cut, or after <see cref="MaxHtmlChars"/>
/// (the tokenizer holds a run of text or a comment whole, so an endless one must not be read to its end).
/// </summary>
internal sealed class HtmlMailText
{
    /// <summary>Eight times the text a message keeps: far more markup than any real mail wraps its text in.</summary>
    public const int MaxHtmlChars = 8 * BoundedText.MaxUtf8Bytes;

    private const int MaxQuoteDepth = 8;
    private readonly BoundedText _output;
    private readonly Stack<int> _lists = new(); // 0 for an unordered list, else the next item's number
    private int _hidden;
    private int _pre;
    private int _quote;
    private int _breaks;
    private bool _space;
    private bool _lineStart = true;
    private bool _any;

    private HtmlMailText(BoundedText output) => _output = output;

    public static void Write(TextReader html, BoundedText output)
    {
        var text = new HtmlMailText(output);
        using var capped = new CappedReader(html, MaxHtmlChars);
        var tokenizer = new HtmlTokenizer(capped) { IgnoreTruncatedTags = true };
        while (!output.Truncated && tokenizer.ReadNextToken(out var token))
        {
            if (token is HtmlTagToken tag)
            {
                text.Tag(tag);
            }
            else if (token is HtmlDataToken data && token.Kind is HtmlTokenKind.Data or HtmlTokenKind.CData)
            {
                text.Text(data.Data);
            }
        }

        if (capped.Cut)
        {
            output.Cut();
        }
    }

    private void Tag(HtmlTagToken tag)
    {
        var start = !tag.IsEndTag;
        var opens = start && !tag.IsEmptyElement;
        switch (tag.Id)
        {
            case HtmlTagId.Head or HtmlTagId.Title or HtmlTagId.Style or HtmlTagId.Script:
                _hidden = opens ? _hidden + 1 : Math.Max(0, _hidden - (start ? 0 : 1));
                break;
            case HtmlTagId.Body when start:
                _hidden = 0; // A head left open must not hide the whole mail.
                break;
            case HtmlTagId.Br when start:
                _breaks = _any ? Math.Min(_breaks + 1, 2) : 0;
                _space = false;
                break;
            case HtmlTagId.Pre or HtmlTagId.Listing or HtmlTagId.Xmp:
                Block(2);
                _pre = Nest(_pre, opens, start, int.MaxValue);
                break;
            case HtmlTagId.BlockQuote:
                Block(2);
                _quote = Nest(_quote, opens, start, MaxQuoteDepth);
                break;
            case HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.Dir or HtmlTagId.Menu:
                List(tag.Id == HtmlTagId.OL, opens, start);
                Block(_lists.Count <= (opens ? 1 : 0) ? 2 : 1); // Around a top-level list a blank line, around a nested one a line break.
                break;
            case HtmlTagId.LI when start:
                Block(1);
                Item();
                break;
            case HtmlTagId.P or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6
                or HtmlTagId.Table or HtmlTagId.DL or HtmlTagId.HR or HtmlTagId.Address or HtmlTagId.Figure or HtmlTagId.FieldSet:
                Block(2);
                break;
            case HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.DT or HtmlTagId.DD or HtmlTagId.LI or HtmlTagId.Section
                or HtmlTagId.Article or HtmlTagId.Header or HtmlTagId.Footer or HtmlTagId.Nav or HtmlTagId.Aside or HtmlTagId.Main
                or HtmlTagId.Form or HtmlTagId.Caption or HtmlTagId.Details or HtmlTagId.Summary or HtmlTagId.FigCaption
                or HtmlTagId.Center:
                Block(1);
                break;
            case HtmlTagId.TD or HtmlTagId.TH when !start:
                _space = true;
                break;
        }
    }

    private static int Nest(int depth, bool opens, bool start, int max) =>
        opens ? Math.Min(depth + 1, max) : start ? depth : Math.Max(0, depth - 1);

    private void List(bool ordered, bool opens, bool start)
    {
        if (opens)
        {
            _lists.Push(ordered ? 1 : 0);
        }
        else if (!start && _lists.Count > 0)
        {
            _lists.Pop();
        }
    }

    private void Item()
    {
        var number = _lists.Count > 0 ? _lists.Pop() : 0;
        _lists.Push(number == 0 ? 0 : number + 1);
        var marker = number == 0 ? "-" : number.ToString(CultureInfo.InvariantCulture) + ".";
        foreach (var c in marker)
        {
            Visible(c);
        }

        _space = true;
    }

    private void Block(int lines)
    {
        if (_any)
        {
            _breaks = Math.Max(_breaks, lines);
        }

        _space = false;
    }

    private void Text(string data)
    {
        if (_hidden > 0)
        {
            return;
        }

        foreach (var c in data)
        {
            if (_pre > 0)
            {
                if (c == '\n')
                {
                    _breaks = _any ? Math.Min(_breaks + 1, 2) : 0;
                }
                else if (c != '\r')
                {
                    Visible(c);
                }
            }
            else if (char.IsWhiteSpace(c) || c is >= '\u200B' and <= '\u200D')
            {
                _space = true;
            }
            else
            {
                Visible(c);
            }
        }
    }

    private void Visible(char c)
    {
        if (_any && _breaks > 0)
        {
            for (var i = 0; i < _breaks; i++)
            {
                _output.Append('\n');
            }

            _lineStart = true;
        }
        else if (_space && !_lineStart)
        {
            _output.Append(' ');
        }

        _breaks = 0;
        _space = false;
        if (_lineStart)
        {
            for (var i = 0; i < _quote; i++)
            {
                _output.Append("> ");
            }

            _lineStart = false;
        }

        _output.Append(c);
        _any = true;
    }

    /// <summary>Ends the HTML after so many characters, noting whether any were left.</summary>
    private sealed class CappedReader(TextReader inner, int max) : TextReader
    {
        private int _left = max;

        public bool Cut { get; private set; }

        public override int Peek() => _left > 0 ? inner.Peek() : -1;

        public override int Read()
        {
            if (!Take(1))
            {
                return -1;
            }

            _left--;
            return inner.Read();
        }

        public override int Read(char[] buffer, int index, int count)
        {
            if (!Take(count))
            {
                return 0;
            }

            var read = inner.Read(buffer, index, Math.Min(count, _left));
            _left -= read;
            return read;
        }

        private bool Take(int count)
        {
            if (count > 0 && _left == 0)
            {
                Cut |= inner.Peek() >= 0;
                return false;
            }

            return true;
        }
    }
}
