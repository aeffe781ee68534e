using System.Globalization;
using Runtype.Grains.Search;

namespace Runtype.Storage.Tests.Search;

/// <summary>
/// The memory store's words and terms against PostgreSQL's whole configuration (parser, unaccent, stemmer): prose in
/// several languages gives the same terms at the same positions, and accented letters fold to the same letters.
/// </summary>
public sealed class TextAnalyzerPostgresTests(SearchConfigurationDatabase database) : IClassFixture<SearchConfigurationDatabase>
{
    // Prose only: PostgreSQL's parser keeps hyphenated words, e-mail addresses, URLs and decimal numbers whole as well
    // as in parts, which the memory store does not copy. Upper-case letters that stay outside ASCII once unaccented
    // (Greek capitals) are left out too: a server whose locale is "C" does not lower-case them.
    private static readonly string[] Texts =
    [
        "The customer wrote about a refund for order 4521 last week, and we refunded it on Tuesday.",
        "Shipping delays: packages arrived broken, boxes crushed; customers complained loudly!!!",
        "Bonjour, je voudrais être remboursé pour ma commande: le café était froid!",
        "Grüße aus München — die Straße ist gesperrt; Rückerstattung bitte.",
        "¿Dónde está mi pedido? Llegó dañado y quiero un reembolso.",
        "Smørrebrød og æbleskiver i Ærø; Łódź, Kraków, Gdańsk, Œuvre.",
        "Việt Nam có nhiều món ăn ngon; phở và bánh mì.",
        "αγαπητέ πελάτη, η παραγγελία σας στάλθηκε.",
        "Emoji 😀 between words🎉and abc123 tokens, ＡＢＣ and ﬁnance; İstanbul.",
        "Naïve coöperation, résumé, façade, jalapeño, piñata, Zürich, cafe\u0301s.",
        "Generously communicating universities' relational organizations: hopelessly, happily, quickly.",
    ];

    // Letters that are not an accented form of another letter but that unaccent folds by its own choice (kra, eng,
    // the Middle Welsh letters, n with apostrophe), and long s with a dot, which it leaves.
    private const string FoldedDifferently = "ĸŉŋẛẜẝỻỽ";

    [Fact]
    public async Task Prose_gives_the_terms_and_positions_of_the_runtype_search_configuration()
    {
        var differences = new List<string>();
        foreach (var text in Texts)
        {
            var lexemes = await database.PairsAsync(
                $"SELECT v.lexeme, p FROM unnest(@values) AS t, unnest(to_tsvector('{SearchConfigurationDatabase.Configuration}', t)) AS v, unnest(v.positions) AS p",
                [text]);
            var expected = lexemes.Select(l => $"{l.First}@{l.Second}").Order(StringComparer.Ordinal);
            var actual = TextAnalyzer.Tokens(text).Select(t => $"{t.Term}@{t.Position.ToString(CultureInfo.InvariantCulture)}").Order(StringComparer.Ordinal);
            if (!expected.SequenceEqual(actual))
            {
                differences.Add($"{text}{Environment.NewLine}  PostgreSQL: {string.Join(' ', expected)}{Environment.NewLine}  ours:       {string.Join(' ', actual)}");
            }
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public async Task Accented_letters_fold_as_unaccent_folds_them()
    {
        // Lower-case letters: the server lower-cases after unaccent, which a "C" locale does only for ASCII.
        var letters = Ranges((0x00C0, 0x017F), (0x0386, 0x03CE), (0x1E00, 0x1EFF))
            .Where(c => char.IsLower(c) && !FoldedDifferently.Contains(c, StringComparison.Ordinal))
            .Select(c => c.ToString())
            .ToList();

        var folded = await database.PairsAsync(
            $"SELECT c, (SELECT string_agg(lexeme, ' ') FROM unnest(to_tsvector('{SearchConfigurationDatabase.Configuration}', c))) FROM unnest(@values) AS c",
            letters);

        var differences = folded.Where(f => TextAnalyzer.Term(f.First) != f.Second)
            .Select(f => $"{f.First} (U+{(int)f.First[0]:X4}): PostgreSQL {f.Second}, ours {TextAnalyzer.Term(f.First)}")
            .ToList();
        Assert.True(letters.Count > 250, $"{letters.Count} letters");
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    private static IEnumerable<char> Ranges(params (int First, int Last)[] ranges) =>
        ranges.SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1)).Select(c => (char)c);
}
