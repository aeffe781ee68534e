namespace Runtype.Grains.Search;

// TEMPORARY until the stem branch lands.
public readonly record struct TextToken(int Start, int Length, int Position, string Term);

public static class TextAnalyzer
{
    public static IReadOnlyList<TextToken> Tokens(string text)
    {
        var tokens = new List<TextToken>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            tokens.Add(new TextToken(start, i - start, tokens.Count + 1, Term(text[start..i])));
        }

        return tokens;
    }

    public static string Term(string word) => word.ToLowerInvariant();
}

public static class Highlighter
{
    public static string Highlight(string content, IReadOnlySet<string> terms) => content.Length > 200 ? content[..200] : content;
}
