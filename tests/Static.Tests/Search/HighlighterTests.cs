using System.Text;
using System.Text.RegularExpressions;
using Runtype.Grains.Search;

namespace Runtype.Static.Tests.Search;

/// <summary>
/// A highlight is at most 200 characters of the message, safe to insert as HTML: each matching word marked whole,
/// everything else escaped, a cut shown by "…", and the first match inside it however far into the message it is.
/// </summary>
public sealed partial class HighlighterTests
{
    private static readonly HashSet<string> Refund = [TextAnalyzer.Term("refund")];

    [Fact]
    public void Every_matching_word_is_marked_in_its_own_spelling_and_no_other_word_is()
    {
        var fragment = Highlighter.Highlight("Refunds: we refunded the refund, not the fund.", Refund);

        Assert.Equal("<mark>Refunds</mark>: we <mark>refunded</mark> the <mark>refund</mark>, not the fund.", fragment);
    }

    [Fact]
    public void Markup_outside_the_marks_is_escaped()
    {
        var fragment = Highlighter.Highlight("<script>alert(1)</script> refund & more \"quoted\" <mark>", Refund);

        Assert.Equal(
            "&lt;script&gt;alert(1)&lt;/script&gt; <mark>refund</mark> &amp; more &quot;quoted&quot; &lt;mark&gt;",
            fragment);
    }

    [Fact]
    public void Every_term_given_is_marked()
    {
        HashSet<string> terms = [TextAnalyzer.Term("refund"), TextAnalyzer.Term("café"), TextAnalyzer.Term("42")];

        var fragment = Highlighter.Highlight("Refunding CAFÉ orders 42 and 420", terms);

        Assert.Equal("<mark>Refunding</mark> <mark>CAFÉ</mark> orders <mark>42</mark> and 420", fragment);
    }

    [Fact]
    public void Runs_of_white_space_become_one_space_and_the_ends_are_trimmed()
    {
        var fragment = Highlighter.Highlight("\n  short\t\ttext\r\n\r\nwith a refund   ", Refund);

        Assert.Equal("short text with a <mark>refund</mark>", fragment);
    }

    [Fact]
    public void Content_without_a_match_shows_its_start_cut_with_an_ellipsis()
    {
        var content = Words(100);

        var fragment = Highlighter.Highlight(content, Refund);

        Assert.DoesNotContain("<mark>", fragment, StringComparison.Ordinal);
        Assert.EndsWith("…", fragment, StringComparison.Ordinal);
        Assert.StartsWith(Text(fragment)[..^1], content, StringComparison.Ordinal);
        Assert.InRange(Text(fragment).Length, 150, Highlighter.MaxLength);
    }

    [Fact]
    public void A_match_in_the_middle_of_a_long_message_shows_with_context_and_ellipses_at_both_ends()
    {
        var content = Words(300) + " the customer asked for a refund of the order " + Words(300);

        var fragment = Highlighter.Highlight(content, Refund);
        var text = Text(fragment);

        Assert.StartsWith("…", text, StringComparison.Ordinal);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.InRange(text.Length, 150, Highlighter.MaxLength);
        Assert.Contains("asked for a <mark>refund</mark> of the order", fragment, StringComparison.Ordinal);
        // The fragment starts at a word, after a space of the message.
        var start = content.IndexOf(text[1..^1], StringComparison.Ordinal);
        Assert.Equal(' ', content[start - 1]);
    }

    [Fact]
    public void A_match_near_the_start_shows_the_message_from_its_start()
    {
        var content = "Hello, I would like a refund for my order " + Words(100);

        var fragment = Highlighter.Highlight(content, Refund);

        Assert.StartsWith("Hello, I would like a <mark>refund</mark> for my order lorem", fragment, StringComparison.Ordinal);
        Assert.EndsWith("…", fragment, StringComparison.Ordinal);
    }

    [Fact]
    public void A_match_at_the_end_of_ten_thousand_characters_is_shown_with_what_comes_before()
    {
        var content = Words(2000)[..9990] + " refund.";

        var fragment = Highlighter.Highlight(content, Refund);

        Assert.StartsWith("…", fragment, StringComparison.Ordinal);
        Assert.EndsWith(" <mark>refund</mark>.", fragment, StringComparison.Ordinal);
        Assert.InRange(Text(fragment).Length, 150, Highlighter.MaxLength);
    }

    [Fact]
    public void A_marked_word_is_never_cut_at_the_end_of_the_fragment()
    {
        // The second "refunding" would straddle the 200th character.
        var content = "refund " + new string('a', 185) + " refunding " + Words(50);

        var fragment = Highlighter.Highlight(content, Refund);

        Assert.Equal("<mark>refund</mark> " + new string('a', 185) + "…", fragment);
    }

    [Fact]
    public void A_word_longer_than_the_fragment_is_cut_inside_it()
    {
        var content = new string('x', 1000) + " refund";

        var noMatch = Highlighter.Highlight(content, new HashSet<string> { "other" });
        var match = Highlighter.Highlight(content, Refund);

        Assert.Equal(new string('x', Highlighter.MaxLength - 1) + "…", noMatch);
        Assert.Equal("…" + new string('x', Highlighter.MaxLength - 9) + " <mark>refund</mark>", match);
    }

    [Fact]
    public void A_matching_word_longer_than_the_fragment_shows_unmarked_rather_than_cut()
    {
        var word = new string('z', 300);

        var fragment = Highlighter.Highlight("before " + word, new HashSet<string> { TextAnalyzer.Term(word) });

        Assert.DoesNotContain("<mark>", fragment, StringComparison.Ordinal);
        Assert.True(Text(fragment).Length <= Highlighter.MaxLength);
    }

    [Fact]
    public void A_surrogate_pair_is_never_cut()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀 ", 150)) + "refund";
        var letters = string.Concat(Enumerable.Repeat("𝐀", 150));

        foreach (var fragment in new[] { Highlighter.Highlight(emoji, Refund), Highlighter.Highlight(letters, Refund) })
        {
            Assert.True(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(fragment)) == fragment, fragment);
            Assert.True(Text(fragment).Length <= Highlighter.MaxLength);
        }
    }

    [Fact]
    public void Empty_content_has_an_empty_highlight()
    {
        Assert.Equal("", Highlighter.Highlight("", Refund));
        Assert.Equal("", Highlighter.Highlight(" \n ", Refund));
    }

    /// <summary>Many generated messages: every one keeps the rules, whatever its mix of words, markup and emoji.</summary>
    [Fact]
    public void Every_highlight_is_short_escaped_and_marks_exactly_the_matching_words()
    {
        string[] pieces = ["refund", "Refunds", "order", "<b>", "&amp;", "\"", "😀", "\n\n", "café", "x", "a", "—", "refunded."];
        var random = new Random(20240611);
        for (var round = 0; round < 500; round++)
        {
            var content = string.Join(random.Next(4) == 0 ? "" : " ", Enumerable.Range(0, random.Next(0, 120)).Select(_ => pieces[random.Next(pieces.Length)]));

            var fragment = Highlighter.Highlight(content, Refund);
            var text = Text(fragment);

            Assert.True(text.Length <= Highlighter.MaxLength, content);
            Assert.DoesNotMatch("[<>\"]", MarkTags().Replace(fragment, ""));
            Assert.DoesNotMatch("&(?!(lt|gt|amp|quot);)", fragment);
            var marked = MarkedWords().Matches(fragment).Select(m => m.Groups[1].Value).ToList();
            Assert.All(marked, word => Assert.Equal("refund", Assert.Single(TextAnalyzer.Tokens(word)).Term));
            var unmarked = TextAnalyzer.Tokens(Unescape(MarkedWords().Replace(fragment, " "))).Where(t => t.Term == "refund");
            Assert.Empty(unmarked);
            Assert.Equal(TextAnalyzer.Tokens(content).Any(t => t.Term == "refund"), marked.Count > 0);
        }
    }

    /// <summary>The content characters a fragment shows: its text without the marks, unescaped.</summary>
    private static string Text(string fragment) => Unescape(MarkTags().Replace(fragment, ""));

    private static string Unescape(string fragment) =>
        fragment.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&quot;", "\"", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    private static string Words(int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(i => (i % 7) switch
        {
            0 => "lorem",
            1 => "ipsum",
            2 => "dolor",
            3 => "sit",
            4 => "amet,",
            5 => "consectetur",
            _ => "adipiscing",
        }));

    [GeneratedRegex("</?mark>")]
    private static partial Regex MarkTags();

    [GeneratedRegex("<mark>(.*?)</mark>")]
    private static partial Regex MarkedWords();
}
