using System.Text;
using System.Text.Json;

namespace Runtype.Bench;

/// <summary>
/// Messages that read like customer support, made of <see cref="SearchVocabulary.Words"/>: 5 to 40 words, each drawn
/// on its own with a Zipf-Mandelbrot frequency (rank r in proportion to 1 / (r + 2.7), so "the" is ~4% of the words, as
/// in English, and the tenth word ~1%), in sentences of 3 to 12 words, each capitalised and ended by a full stop or now
/// and then a question mark, with a comma here and there. Seeded: the same seed writes the same messages.
/// </summary>
public sealed class SearchText(int seed)
{
    public const int MinWords = 5;
    public const int MaxWords = 40;

    // Mandelbrot's offset: without it the first few ranks take far more of the text than English gives its top words.
    private const double Offset = 2.7;

    private static readonly double[] Cumulative = CumulativeFrequencies();

    private readonly Random _random = new(seed);

    /// <summary>The spelling of word <paramref name="index"/>: the vocabulary's, then the markers' after it.</summary>
    public static string WordOf(int index) => index < SearchVocabulary.Words.Count
        ? SearchVocabulary.Words[index]
        : SearchVocabulary.Markers[index - SearchVocabulary.Words.Count];

    /// <summary>The create-message body that posts <paramref name="content"/> as the participant's.</summary>
    public static string CreateBody(string content) => $$"""{"content":{{JsonSerializer.Serialize(content)}},"role":"user"}""";

    /// <summary>The next message's words (indexes into <see cref="SearchVocabulary.Words"/>), into <paramref name="words"/>.</summary>
    public void NextWords(List<int> words)
    {
        words.Clear();
        var count = _random.Next(MinWords, MaxWords + 1);
        for (var i = 0; i < count; i++)
        {
            var at = Array.BinarySearch(Cumulative, _random.NextDouble());
            words.Add(Math.Min(at < 0 ? ~at : at, Cumulative.Length - 1));
        }
    }

    /// <summary>A place in <paramref name="words"/> to put one more word, drawn from this text's own sequence.</summary>
    public int Place(List<int> words) => _random.Next(words.Count + 1);

    /// <summary>The words as sentences (<see cref="WordOf"/>, so planted markers render too).</summary>
    public string Render(List<int> words)
    {
        var text = new StringBuilder(words.Count * 8);
        var left = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = WordOf(words[i]);
            if (left == 0)
            {
                left = _random.Next(3, 13);
                text.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
            else
            {
                text.Append(word);
            }

            left--;
            if (left == 0 || i == words.Count - 1)
            {
                text.Append(_random.Next(6) == 0 ? '?' : '.');
                left = 0;
            }
            else if (_random.Next(12) == 0)
            {
                text.Append(',');
            }

            if (i < words.Count - 1)
            {
                text.Append(' ');
            }
        }

        return text.ToString();
    }

    /// <summary>A whole message of generated words, nothing planted.</summary>
    public string Next()
    {
        var words = new List<int>(MaxWords + 1);
        NextWords(words);
        return Render(words);
    }

    private static double[] CumulativeFrequencies()
    {
        var weights = Enumerable.Range(1, SearchVocabulary.Words.Count).Select(rank => 1 / (rank + Offset)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum / total;
        }

        return cumulative;
    }
}
