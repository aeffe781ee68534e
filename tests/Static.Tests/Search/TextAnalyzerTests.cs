using Runtype.Grains.Search;

namespace Runtype.Static.Tests.Search;

/// <summary>
/// Words are runs of letters and digits, with their offsets and positions, and their terms are what PostgreSQL's
/// <c>runtype_search</c> configuration makes of them (the terms of the accented words below were read from it).
/// </summary>
public sealed class TextAnalyzerTests
{
    [Fact]
    public void Words_are_runs_of_letters_and_digits_with_their_offsets_and_positions()
    {
        var tokens = TextAnalyzer.Tokens("Hello, world! It's 3pm.");

        Assert.Equal(
            [
                new TextToken(0, 5, 1, "hello"),
                new TextToken(7, 5, 2, "world"),
                new TextToken(14, 2, 3, "it"),
                new TextToken(17, 1, 4, "s"),
                new TextToken(19, 3, 5, "3pm"),
            ],
            tokens);
    }

    [Theory]
    [InlineData("Refunds", "refund")]
    [InlineData("REFUNDED", "refund")]
    [InlineData("café", "cafe")]
    [InlineData("CAFÉ", "cafe")]
    [InlineData("Ünïcode", "unicod")]
    [InlineData("naïve", "naiv")]
    [InlineData("Straße", "strass")]
    [InlineData("Łódź", "lodz")]
    [InlineData("Smørrebrød", "smorrebrod")]
    [InlineData("Æsir", "aesir")]
    [InlineData("Œuvre", "oeuvr")]
    [InlineData("Việt", "viet")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("ﬁnance", "financ")]
    [InlineData("ＡＢＣ", "abc")]
    [InlineData("Ελληνικά", "ελληνικα")]
    [InlineData("ΆΈ", "αε")]
    public void A_term_is_the_word_in_lower_case_without_accents_and_stemmed(string word, string term)
    {
        Assert.Equal(term, TextAnalyzer.Term(word));
        Assert.Equal(term, Assert.Single(TextAnalyzer.Tokens(word)).Term);
    }

    [Theory]
    [InlineData("abc123", "abc123")]
    [InlineData("Refunds2024", "refunds2024")]
    [InlineData("42", "42")]
    [InlineData("Café7", "cafe7")]
    [InlineData("ＡＢＣ１２３", "abc123")]
    public void A_word_with_a_digit_is_folded_but_not_stemmed(string word, string term)
    {
        Assert.Equal(term, Assert.Single(TextAnalyzer.Tokens(word)).Term);
    }

    [Fact]
    public void An_accent_written_as_a_combining_mark_stays_in_its_word_and_leaves_the_term()
    {
        var token = Assert.Single(TextAnalyzer.Tokens("cafe\u0301s"));

        Assert.Equal(new TextToken(0, 6, 1, "cafe"), token);
    }

    [Fact]
    public void A_combining_mark_that_follows_no_letter_is_not_a_word()
    {
        var token = Assert.Single(TextAnalyzer.Tokens(" \u0301abc"));

        Assert.Equal(new TextToken(2, 3, 1, "abc"), token);
    }

    [Fact]
    public void Emoji_separate_words_and_count_as_two_units_of_offset()
    {
        var tokens = TextAnalyzer.Tokens("😀refunds🎉 ok");

        Assert.Equal([new TextToken(2, 7, 1, "refund"), new TextToken(12, 2, 2, "ok")], tokens);
    }

    [Fact]
    public void A_letter_outside_the_basic_plane_is_part_of_its_word()
    {
        var token = Assert.Single(TextAnalyzer.Tokens("x 𝐀𝐁𝐂 y"), t => t.Length > 1);

        Assert.Equal(new TextToken(2, 6, 2, "𝐀𝐁𝐂"), token);
    }

    [Fact]
    public void A_lone_surrogate_separates_words_and_does_not_throw()
    {
        var tokens = TextAnalyzer.Tokens("\uD83Dabc\uDE00def\uD83D");

        Assert.Equal([new TextToken(1, 3, 1, "abc"), new TextToken(5, 3, 2, "def")], tokens);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \n\t\r\n ")]
    [InlineData("!!! ... --- 😀 <> &")]
    public void Text_without_letters_or_digits_has_no_words(string text)
    {
        Assert.Empty(TextAnalyzer.Tokens(text));
        Assert.Empty(TextAnalyzer.EnumerateTokens(text));
    }

    [Fact]
    public void A_run_of_letters_without_spaces_is_one_word()
    {
        var token = Assert.Single(TextAnalyzer.Tokens("「日本語のテキスト」"));

        Assert.Equal(new TextToken(1, 8, 1, "日本語のテキスト"), token);
    }

    [Fact]
    public void Long_words_are_normalized_as_short_ones_are()
    {
        var word = string.Concat(Enumerable.Repeat("É", 100)) + "ß";

        Assert.Equal(new string('e', 100) + "ss", TextAnalyzer.Term(word));
    }

    [Fact]
    public void Positions_count_words_from_one_across_any_separators()
    {
        const string text = "one, two\n\nthree -- four 😀 five";
        var tokens = TextAnalyzer.Tokens(text);

        Assert.Equal([1, 2, 3, 4, 5], tokens.Select(t => t.Position));
        Assert.Equal(["one", "two", "three", "four", "five"], tokens.Select(t => text.Substring(t.Start, t.Length)));
    }

    [Fact]
    public void Enumerating_gives_the_same_words_as_the_list()
    {
        const string text = "The customers wrote about refunds: «remboursement» twice, at 10:30 — Ünïcode!";

        Assert.Equal(TextAnalyzer.Tokens(text), TextAnalyzer.EnumerateTokens(text));
    }

    [Fact]
    public void A_query_word_and_the_same_word_in_a_text_have_one_term()
    {
        var text = TextAnalyzer.Tokens("We REFUNDED the Café's order");

        Assert.Contains(TextAnalyzer.Term("refunds"), text.Select(t => t.Term));
        Assert.Contains(TextAnalyzer.Term("cafe"), text.Select(t => t.Term));
    }
}
