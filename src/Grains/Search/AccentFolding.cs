namespace Runtype.Grains.Search;

/// <summary>
/// Folds a lower-case letter to the letter(s) it is written with when the accents are left off, as PostgreSQL's
/// <c>unaccent</c> does before stemming, so that <c>café</c> and <c>cafe</c> are one word on every engine.
/// <para>
/// A table, not <see cref="string.Normalize(System.Text.NormalizationForm)"/>: the hosts run in invariant globalization
/// mode, where normalizing decomposes nothing. The table was derived from the Unicode character database: a letter's
/// decomposition with its combining marks left off (compatibility decomposition for the Latin digraphs such as
/// <c>ǆ</c>), else the base letter its name gives ("LATIN SMALL LETTER L WITH STROKE" is <c>l</c>). '.' marks a
/// letter that stays as it is. Letters outside these blocks, and scripts whose accents change the letter (Cyrillic
/// <c>й</c>), stay as they are.
/// </para>
/// </summary>
internal static class AccentFolding
{
    /// <summary>The most characters one character folds to (<c>ﬃ</c> is <c>ffi</c>).</summary>
    public const int MaxExpansion = 3;

    private const char Unchanged = '.';

    // U+00C0 to U+024F: Latin-1 Supplement, Latin Extended-A and -B.
    private const string Latin =
        "aaaaaa.ceeeeiiiidnooooo.ouuuuy.." + // U+00C0
        "aaaaaa.ceeeeiiiidnooooo.ouuuuy.y" + // U+00E0
        "aaaaaaccccccccddddeeeeeeeeeegggg" + // U+0100
        "gggghhhhiiiiiiiiii..jjkk.lllllll" + // U+0120
        "lllnnnnnn...oooooo..rrrrrrssssss" + // U+0140
        "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs" + // U+0160
        "bbbb...cc.ddd....ffg...ikkl..nno" + // U+0180
        "oo..pp.....ttttuu.vyyzz........." + // U+01A0
        ".............aaiioouuuuuuuuuu.aa" + // U+01C0
        "aa..ggggkkoooo..j...gg..nnaa..oo" + // U+01E0
        "aaaaeeeeiiiioooorrrruuuusstt..hh" + // U+0200
        "nd..zzaaeeooooooooyylntj..acclts" + // U+0220
        "z..b..eejj.qrryy"; // U+0240

    // U+0380 to U+03CF: the Greek letters with tonos and dialytika.
    private const string Greek =
        "......α.εηι.ο.υωι..............." + // U+0380
        "..........ιυαεηιυ..............." + // U+03A0
        "..........ιυουω."; // U+03C0

    // U+1E00 to U+1EFF: Latin Extended Additional (Vietnamese, Welsh, transliterations).
    private const string LatinAdditional =
        "aabbbbbbccddddddddddeeeeeeeeeeff" + // U+1E00
        "gghhhhhhhhhhiiiikkkkkkllllllllmm" + // U+1E20
        "mmmmnnnnnnnnoooooooopppprrrrrrrr" + // U+1E40
        "ssssssssssttttttttuuuuuuuuuuvvvv" + // U+1E60
        "wwwwwwwwwwxxxxyyzzzzzzhtwyas...." + // U+1E80
        "aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee" + // U+1EA0
        "eeeeeeeeiiiioooooooooooooooooooo" + // U+1EC0
        "oooouuuuuuuuuuuuuuyyyyyyyy....yy"; // U+1EE0

    // U+1F00 to U+1FFF: polytonic Greek.
    private const string GreekExtended =
        "ααααααααααααααααεεεεεε..εεεεεε.." + // U+1F00
        "ηηηηηηηηηηηηηηηηιιιιιιιιιιιιιιιι" + // U+1F20
        "οοοοοο..οοοοοο..υυυυυυυυ.υ.υ.υ.υ" + // U+1F40
        "ωωωωωωωωωωωωωωωωααεεηηιιοουυωω.." + // U+1F60
        "ααααααααααααααααηηηηηηηηηηηηηηηη" + // U+1F80
        "ωωωωωωωωωωωωωωωωααααα.ααααααα.ι." + // U+1FA0
        "..ηηη.ηηεεηηη...ιιιι..ιιιιιι...." + // U+1FC0
        "υυυυρρυυυυυυρ.....ωωω.ωωοοωωω..."; // U+1FE0

    /// <summary>
    /// Writes the folded form of <paramref name="c"/>, a lower-case character, to <paramref name="destination"/>
    /// (room for <see cref="MaxExpansion"/>) and returns how many characters it wrote.
    /// </summary>
    public static int Fold(char c, Span<char> destination)
    {
        if (c < '\u00C0')
        {
            destination[0] = c;
            return 1;
        }

        var folded = c switch
        {
            'æ' or 'ǣ' or 'ǽ' => "ae",
            'œ' => "oe",
            'ß' => "ss",
            'þ' => "th",
            'ĳ' => "ij",
            'ǆ' or 'ǳ' => "dz",
            'ǉ' => "lj",
            'ǌ' => "nj",
            'ﬀ' => "ff",
            'ﬁ' => "fi",
            'ﬂ' => "fl",
            'ﬃ' => "ffi",
            'ﬄ' => "ffl",
            'ﬅ' or 'ﬆ' => "st",
            _ => null,
        };
        if (folded is not null)
        {
            folded.CopyTo(destination);
            return folded.Length;
        }

        destination[0] = c switch
        {
            <= '\u024F' => Look(Latin, c - '\u00C0', c),
            >= '\u0380' and <= '\u03CF' => Look(Greek, c - '\u0380', c),
            'ё' => 'е',
            >= '\u1E00' and <= '\u1EFF' => Look(LatinAdditional, c - '\u1E00', c),
            >= '\u1F00' and <= '\u1FFF' => Look(GreekExtended, c - '\u1F00', c),
            // Fullwidth forms (CJK input methods) are the ASCII letters and digits.
            >= '\uFF41' and <= '\uFF5A' => (char)(c - '\uFF41' + 'a'),
            >= '\uFF10' and <= '\uFF19' => (char)(c - '\uFF10' + '0'),
            _ => c,
        };
        return 1;
    }

    private static char Look(string table, int index, char c) => table[index] is var folded && folded != Unchanged ? folded : c;
}
