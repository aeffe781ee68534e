using Runtype.Grains.Search;

namespace Runtype.Static.Tests.Search;

/// <summary>
/// The stemmer gives the stems PostgreSQL's <c>english_stem</c> gives (every stem below was read from
/// <c>ts_lexize</c> on a dictionary of the Snowball English template without stop words), one group per rule of the
/// algorithm. Storage.Tests asks PostgreSQL itself for thousands more.
/// </summary>
public sealed class EnglishStemmerTests
{
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["Words of one or two letters stay"] =
            "a a, i i, be be, by by, at at, up up, on on, as as, is is, us us, my my, no no, ox ox",
        ["Exceptional forms"] =
            "skis ski, skies sky, dying die, lying lie, tying tie, idly idl, gently gentl, ugly ugli, " +
            "early earli, only onli, singly singl, sky sky, news news, howe howe, atlas atlas, cosmos cosmos, " +
            "bias bias, andes andes",
        ["Invariant after step 1a"] =
            "inning inning, innings inning, outing outing, outings outing, canning canning, cannings canning, " +
            "herring herring, herrings herring, earring earring, earrings earring, proceed proceed, " +
            "proceeds proceed, exceed exceed, exceeds exceed, succeed succeed, succeeds succeed",
        ["Special prefixes gener commun arsen"] =
            "general general, generally general, generous generous, generously generous, generate generat, " +
            "generation generat, generations generat, generic generic, communal communal, community communiti, " +
            "communities communiti, communication communic, communicate communic, arsenal arsenal, " +
            "arsenic arsenic, arsenals arsenal",
        ["Consonant y"] =
            "yes yes, yellow yellow, yield yield, yielding yield, young young, youth youth, youths youth, " +
            "yacht yacht, you you, your your, yours your, boy boy, boys boy, toy toy, toyed toy, toying toy, " +
            "play play, played play, playing play, player player, pray pray, prayer prayer, enjoy enjoy, " +
            "enjoyed enjoy, employ employ, employment employ, sayings say",
        ["Step 1a plurals"] =
            "caresses caress, caress caress, ponies poni, ties tie, cries cri, pies pie, dies die, gas gas, " +
            "gaps gap, kiwis kiwi, cats cat, class class, boss boss, bus bus, status status, this this, " +
            "his his, was was, means mean, dresses dress, glasses glass, passes pass, crisis crisi, " +
            "thesis thesi, analyses analys, buses buse",
        ["Step 1a ied and ies"] =
            "cried cri, tried tri, died die, tied tie, spied spi, lied lie, fried fri, replied repli, " +
            "applied appli, studied studi, hurried hurri, carried carri, denied deni, families famili, " +
            "cities citi, ladies ladi, flies fli",
        ["Step 1b eed"] =
            "agreed agre, agreedly agre, feed feed, feeds feed, freed freed, guaranteed guarante, bleed bleed, " +
            "indeed inde, needed need, speed speed, speedly speed, decreed decre",
        ["Step 1b ed and ing"] =
            "hoped hope, hoping hope, hopped hop, hopping hop, tanned tan, tanning tan, failed fail, " +
            "failing fail, filed file, filing file, fizzed fizz, fizzing fizz, luxuriated luxuri, " +
            "luxuriating luxuri, troubled troubl, troubling troubl, sized size, sizing size, asked ask, " +
            "asking ask, worked work, working work, refunded refund, refunding refund",
        ["Step 1b restores e or undoubles"] =
            "conflated conflat, conflating conflat, trouble troubl, troubled troubl, realized realiz, " +
            "realizing realiz, sized size, hopping hop, rubbed rub, robbing rob, stopped stop, stopping stop, " +
            "planned plan, planning plan, begged beg, dimmed dim, slimmed slim, fitted fit, shipped ship, " +
            "buzzed buzz, hissed hiss, falling fall, filling fill, rolled roll",
        ["Step 1b short words"] =
            "hoped hope, coped cope, taped tape, moped mope, bored bore, cured cure, dated date, fated fate, " +
            "hated hate, rated rate, lined line, mined mine, pined pine, wined wine",
        ["Step 1b -edly and -ingly"] =
            "reportedly report, allegedly alleg, markedly mark, supposedly suppos, exceedingly exceed, " +
            "surprisingly surpris, amazingly amaz, knowingly know, willingly will, seemingly seem, " +
            "increasingly increas, accordingly accord",
        ["Step 1c y to i"] =
            "happy happi, happily happili, cry cri, by by, say say, sky sky, sly sli, dry dri, try tri, " +
            "fly fli, tidy tidi, lazy lazi, easy easi, envy envi, party parti, story stori, boundary boundari",
        ["Step 2"] =
            "relational relat, conditional condit, rational ration, valenci valenc, hesitanci hesit, " +
            "digitizer digit, conformabli conform, radicalli radic, differentli differ, vileli vile, " +
            "analogousli analog, vietnamization vietnam, predication predic, operator oper, feudalism feudal, " +
            "decisiveness decis, hopefulness hope, callousness callous, formaliti formal, sensitiviti sensit, " +
            "sensibiliti sensibl",
        ["Step 2 more"] =
            "relationally relat, conditionally condit, rationality ration, valency valenc, hesitancy hesit, " +
            "digitize digit, conformably conform, radically radic, differently differ, vilely vile, " +
            "analogously analog, organization organ, prediction predict, operating oper, feudalist feudalist, " +
            "decisive decis, hopeful hope, callous callous, formality formal, sensitivity sensit, " +
            "sensibility sensibl, archaeology archaeolog, biology biolog, geology geolog",
        ["Step 2 li endings"] =
            "fully fulli, cheerfully cheer, hopelessly hopeless, endlessly endless, quickly quick, " +
            "slowly slowli, nicely nice, highly high, kindly kind, calmly calm, suddenly sudden, " +
            "entirely entir, commonly common, urgently urgent, openly open, certainly certain",
        ["Step 3"] =
            "triplicate triplic, formative format, formalize formal, electriciti electr, electrical electr, " +
            "hopeful hope, goodness good, relational relat, conditional condit",
        ["Step 3 more"] =
            "duplicate duplic, duplicated duplic, creative creativ, creatively creativ, legalize legal, " +
            "finalize final, electricity electr, historical histor, typical typic, careful care, " +
            "cheerful cheer, kindness kind, darkness dark, awareness awar, usefulness use",
        ["Step 4"] =
            "revival reviv, allowance allow, inference infer, airliner airlin, gyroscopic gyroscop, " +
            "adjustable adjust, defensible defens, irritant irrit, replacement replac, adjustment adjust, " +
            "dependent depend, adoption adopt, homologou homologou, communism communism, activate activ, " +
            "angulariti angular, homologous homolog, effective effect, bowdlerize bowdler",
        ["Step 4 more"] =
            "approval approv, insurance insur, difference differ, manager manag, electronic electron, " +
            "comfortable comfort, responsible respons, assistant assist, agreement agreement, " +
            "development develop, independent independ, decision decis, revision revis, ignition ignit, " +
            "position posit, explosion explos, fashion fashion, region region, onion onion, million million, " +
            "realism realism, separate separ, fidelity fidel, famous famous, massive massiv, organize organ",
        ["Step 5"] =
            "probate probat, rate rate, cease ceas, controll control, roll roll, rating rate, ceasing ceas, " +
            "controlling control, rolling roll, fill fill, fell fell, full full, shell shell",
        ["Step 5 more"] =
            "gate gate, generate generat, debate debat, sense sens, tense tens, profile profil, rebate rebat, " +
            "tale tale, hope hope, cope cope, rule rule, role role, paste past, haste hast, table tabl, " +
            "cable cabl",
        ["Suffixes in R1 but not R2"] =
            "relate relat, relating relat, related relat, relation relat, relations relat, relative relat, " +
            "relatively relat, connect connect, connected connect, connecting connect, connection connect, " +
            "connections connect, connective connect, connectively connect",
        ["Messaging vocabulary"] =
            "refund refund, refunds refund, refunded refund, refunding refund, refundable refund, order order, " +
            "orders order, ordered order, ordering order, shipping ship, shipment shipment, " +
            "shipments shipment, delivery deliveri, delivered deliv, deliveries deliveri, customer custom, " +
            "customers custom, support support, supported support, supporting support, payment payment, " +
            "payments payment, charged charg, charges charg, billing bill, invoice invoic, invoices invoic, " +
            "invoiced invoic, cancel cancel, cancelled cancel, cancellation cancel, cancellations cancel, " +
            "subscription subscript, subscriptions subscript, account account, accounts account, " +
            "password password, reset reset, resetting reset, login login, logged log, broken broken, " +
            "broke broke, crashed crash, crash crash, crashes crash, urgent urgent, urgently urgent, " +
            "help help, helped help, helpful help, helpless helpless, thanks thank, thanked thank, " +
            "thankful thank",
        ["Words that look like suffixes"] =
            "ion ion, ions ion, able abl, ably abli, ful ful, ness ness, less less, ment ment, ance anc, " +
            "ence enc, ism ism, ize ize, ate ate, ive ive, ous ous, ity iti",
        ["Words of other scripts have no English ending"] =
            "привет привет, приветствия приветствия, 日本語 日本語, ελληνικα ελληνικα",
    };

    public static TheoryData<string> Rules => [.. Groups.Keys];

    [Theory]
    [MemberData(nameof(Rules))]
    public void Stems_as_postgresql_english_stem_does(string rule)
    {
        var differences = Groups[rule].Split(", ")
            .Select(pair => pair.Split(' '))
            .Select(pair => (Word: pair[0], Expected: pair[1], Actual: EnglishStemmer.Stem(pair[0])))
            .Where(c => c.Actual != c.Expected)
            .Select(c => $"{c.Word}: expected {c.Expected}, got {c.Actual}")
            .ToList();

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void The_table_covers_every_rule_with_at_least_three_hundred_words()
    {
        var words = Groups.Values.SelectMany(g => g.Split(", ")).Select(p => p.Split(' ')[0]).Distinct(StringComparer.Ordinal);

        Assert.True(words.Count() >= 300, $"{words.Count()} words");
    }

    [Fact]
    public void A_word_that_does_not_change_is_returned_as_it_is()
    {
        var word = new string("refund".AsSpan());

        Assert.Same(word, EnglishStemmer.Stem(word));
    }

    [Fact]
    public void A_word_longer_than_the_stack_buffer_is_stemmed_too()
    {
        var root = string.Concat(Enumerable.Repeat("abc", 40));

        // Step 2 makes "-ational" "-ate", which step 4 removes in R2 (as PostgreSQL does for this word).
        Assert.Equal(root, EnglishStemmer.Stem(root + "ational"));
    }
}
