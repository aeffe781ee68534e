using Runtype.Grains.Search;

namespace Runtype.Storage.Tests.Search;

/// <summary>
/// The stemmer against PostgreSQL itself: thousands of words, built from roots and the endings each step of the
/// algorithm removes, stemmed by both, must come out the same, so the memory store finds the word forms PostgreSQL
/// finds.
/// </summary>
public sealed class EnglishStemmerPostgresTests(SearchConfigurationDatabase database) : IClassFixture<SearchConfigurationDatabase>
{
    private static readonly string[] Roots =
    [
        "connect", "relat", "refund", "order", "ship", "deliver", "custom", "support", "pay", "charg", "bill", "invoic",
        "cancel", "subscrib", "account", "password", "reset", "login", "crash", "urgent", "help", "thank", "hope", "hop",
        "tan", "fail", "file", "fizz", "luxuri", "troubl", "siz", "conflat", "realiz", "rub", "rob", "stop", "plan", "beg",
        "dim", "fit", "buzz", "hiss", "fall", "fill", "roll", "cop", "tap", "bor", "cur", "dat", "hat", "rat", "lin", "min",
        "agre", "fe", "fre", "guarante", "ble", "nee", "spe", "decre", "happ", "cr", "tr", "dr", "fl", "tid", "laz", "eas",
        "env", "part", "stor", "boundar", "nation", "condition", "valen", "hesit", "digit", "conform", "radic", "differ",
        "vile", "analog", "organ", "predic", "oper", "feud", "decis", "hope", "callous", "formal", "sensit", "sensibl",
        "archaeolog", "biolog", "geolog", "cheer", "end", "quick", "slow", "nic", "high", "kind", "calm", "sudden", "entir",
        "common", "open", "certain", "triplic", "form", "electr", "good", "dupl", "creat", "legal", "final", "histor",
        "typ", "care", "dark", "awar", "use", "reviv", "allow", "infer", "airlin", "gyroscop", "adjust", "defens",
        "irrit", "replac", "depend", "adopt", "homolog", "commun", "activ", "angular", "effect", "bowdler", "approv",
        "insur", "manag", "comfort", "respons", "assist", "develop", "independ", "revis", "ignit", "posit", "explos",
        "fashion", "region", "onion", "million", "real", "separ", "fidel", "fam", "mass", "probat", "ceas", "control",
        "gat", "gener", "debat", "sens", "tens", "profil", "rebat", "tal", "rul", "rol", "past", "hast", "tabl", "cabl",
        "yell", "yield", "young", "youth", "boy", "toy", "play", "pray", "enjoy", "employ", "say", "arsen", "univers",
        "emerg", "later", "inn", "out", "cann", "herr", "earr", "proc", "exc", "succ", "sky", "ski", "dy", "ly", "ty",
        "id", "gent", "ug", "ear", "on", "sing", "news", "atlas", "bias", "cosmos", "and", "xyz", "rhythm", "qu", "y",
    ];

    private static readonly string[] Endings =
    [
        "", "s", "es", "ies", "ied", "ed", "ing", "ings", "ly", "edly", "ingly", "eed", "eedly", "e", "y", "ys", "ion",
        "ions", "ive", "ively", "iveness", "ness", "ful", "fully", "fulness", "less", "lessly", "able", "ably", "ability",
        "ible", "ization", "izations", "izer", "ize", "ise", "ational", "tional", "ation", "ator", "ousness", "ously",
        "ous", "al", "ally", "alism", "ality", "alize", "ement", "ements", "ment", "ments", "ent", "ently", "ence",
        "ency", "ance", "ancy", "ant", "ism", "ist", "ate", "ated", "ating", "ative", "icate", "iciti", "icity", "ical",
        "ically", "ic", "er", "ers", "ogy", "ogist", "ll", "bly", "li",
    ];

    private static readonly string[] Words =
    [
        "a", "i", "is", "as", "us", "the", "this", "these", "yes", "yesterday", "ye", "yy", "yyy", "aye", "eye", "eyes",
        "sky", "skies", "skis", "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only", "singly", "news",
        "howe", "atlas", "cosmos", "bias", "andes", "inning", "innings", "outing", "outings", "canning", "cannings",
        "herring", "herrings", "earring", "earrings", "proceed", "proceeds", "proceeded", "exceed", "exceeds",
        "exceeding", "succeed", "succeeds", "succeeded", "generally", "generous", "generously", "communism",
        "community", "communal", "arsenal", "arsenic", "caresses", "ponies", "ties", "cries", "gas", "gaps", "kiwis",
        "cats", "bus", "boss", "class", "crisis", "analyses", "agreed", "feed", "bled", "bleed", "sled", "shed",
        "red", "bed", "wed", "ring", "sing", "king", "thing", "things", "nothing", "something", "during", "spring",
        "string", "bring", "bringing", "hopping", "hoping", "beautiful", "beautifully", "beauty", "beauties",
        "happiness", "happily", "unhappy", "argument", "arguments", "agreement", "replacement", "government",
        "governments", "statement", "element", "elements", "moment", "cement", "comment", "ointment", "payment",
        "employment", "shipment", "excitement", "encouragement", "judgement", "management", "fulfilment",
        "abandonment", "announcement", "nationalization", "internationalization", "rationalization",
        "sensationalism", "conditionally", "unconditionally", "relationship", "relationships", "electricity",
        "electrical", "triplicate", "formative", "formalize", "hopefulness", "callousness", "decisiveness",
        "generalizations", "oscillators", "feudalism", "archaeology", "apology", "apologies", "apologize",
        "psychology", "psychologist", "technology", "technologies", "mythology", "syllogism", "biologically",
        "reply", "replies", "replied", "replying", "apply", "applies", "applied", "application", "applications",
        "enquiry", "enquiries", "say", "says", "said", "saying", "pay", "pays", "paid", "paying", "day", "days",
        "toy", "toys", "boy", "boys", "guy", "guys", "buy", "buys", "buying", "cry", "crying", "dry", "drying",
        "fly", "flying", "flies", "by", "my", "why", "shy", "spy", "ply", "sty", "stye", "dye", "dyes", "dyed",
        "eyed", "eyeing", "queue", "queues", "queued", "queueing", "queuing", "canoe", "canoes", "canoeing",
        "shoe", "shoes", "toe", "toes", "toed", "hoe", "hoed", "free", "freed", "freeing", "agree", "agreeing",
        "see", "seeing", "seen", "sees", "flee", "fled", "fleeing", "tree", "trees", "bee", "bees", "knee", "kneed",
        "kneeling", "feeling", "feelings", "meeting", "meetings", "sleeping", "speeding", "needed", "needs",
        "indeed", "breed", "breeding", "weeds", "seeds", "seeded", "lower", "lowered", "power", "powerful",
        "powerfully", "powerless", "tower", "flower", "flowers", "shower", "showers", "answer", "answered",
        "answering", "question", "questions", "questioned", "mention", "mentioned", "attention", "intention",
        "station", "stations", "stationery", "nation", "nations", "national", "nationally", "nationality",
        "rational", "rationally", "rationality", "ratio", "ratios", "patio", "radio", "radios", "audio", "video",
        "videos", "studio", "zoo", "zoos", "too", "tool", "tools", "pool", "school", "schools", "cool", "coolly",
        "fully", "full", "fill", "filled", "skill", "skills", "skillful", "skillfully", "will", "willing",
        "unwilling", "willingly", "spell", "spelling", "spelled", "spelt", "all", "ball", "balls", "call", "called",
        "calling", "install", "installed", "installing", "installation", "installations", "roll", "rolled",
        "control", "controlled", "controlling", "controller", "controllers", "email", "emails", "emailed", "mailing",
        "ideal", "ideally", "idealism", "idea", "ideas", "area", "areas", "data", "media", "criteria", "phenomena",
        "sly", "slyly", "shyly", "dryly", "drily", "coyly", "gaily", "daily", "dailies", "easily", "busily",
        "busy", "business", "businesses", "fussy", "fussiness", "ready", "readily", "readiness", "already",
    ];

    [Fact]
    public async Task Stems_thousands_of_words_as_postgresql_english_stem_does()
    {
        var words = Roots.SelectMany(root => Endings.Select(ending => root + ending)).Concat(Words)
            .Distinct(StringComparer.Ordinal).ToList();

        var stems = await database.PairsAsync(
            $"SELECT w, (ts_lexize('{SearchConfigurationDatabase.Dictionary}', w))[1] FROM unnest(@values) AS w", words);

        var differences = stems.Where(s => EnglishStemmer.Stem(s.First) != s.Second)
            .Select(s => $"{s.First}: PostgreSQL {s.Second}, ours {EnglishStemmer.Stem(s.First)}")
            .ToList();
        Assert.True(words.Count > 5000, $"{words.Count} words");
        Assert.Equal(words.Count, stems.Count);
        Assert.True(differences.Count == 0, $"{differences.Count} of {words.Count} differ:{Environment.NewLine}{string.Join(Environment.NewLine, differences.Take(100))}");
    }

    /// <summary>
    /// What the words are compared with is the stemming dictionary alone (<c>ts_lexize</c>): not a configuration's
    /// <c>to_tsvector</c>, whose parser and mapping decide first which dictionary a word reaches (<c>simple</c> does not
    /// stem at all), and not <c>english_stem</c>, whose stop words would answer nothing for "the".
    /// </summary>
    [Fact]
    public async Task The_words_are_compared_with_the_stemming_dictionary_alone()
    {
        var rows = await database.PairsAsync(
            $"""
            SELECT w, concat_ws(' ', (ts_lexize('{SearchConfigurationDatabase.Dictionary}', w))[1],
                   coalesce((ts_lexize('english_stem', w))[1], '-'), to_tsvector('simple', w)::text)
            FROM unnest(@values) AS w ORDER BY w
            """,
            ["running", "the"]);

        Assert.Equal([("running", "run run 'running':1"), ("the", "the - 'the':1")], rows);
        Assert.Equal("run", EnglishStemmer.Stem("running"));
        Assert.Equal("the", EnglishStemmer.Stem("the"));
    }
}
