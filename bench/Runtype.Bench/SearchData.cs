using System.Globalization;

namespace Runtype.Bench;

/// <summary>
/// What <see cref="SearchLoad"/> wrote, as much as the checks need to know each answer: message number k (0 the oldest)
/// has the id <see cref="MessageIdOf"/> and is newer than every message before it, so "newest first" is descending k.
/// </summary>
/// <param name="Messages">How many messages were loaded.</param>
/// <param name="Conversations">Over how many conversations, round robin.</param>
/// <param name="CommonWord">The common word the scenario searches.</param>
/// <param name="CommonForms">Every vocabulary word the server stems as it stems <paramref name="CommonWord"/>: a hit holds one of them.</param>
/// <param name="CommonMatches">How many loaded messages hold one of the common forms.</param>
/// <param name="CommonNewest">The newest loaded messages that hold one, newest first, a page's worth.</param>
/// <param name="Rare">The planted rare words, each with the messages it was planted in.</param>
public sealed record SearchData(
    int Messages, int Conversations, string CommonWord, IReadOnlySet<string> CommonForms, int CommonMatches,
    IReadOnlyList<int> CommonNewest, IReadOnlyList<SearchData.RareWord> Rare)
{
    /// <summary>The id of loaded message <paramref name="k"/>: the product's format, and apart from the ids the API gives.</summary>
    public static string MessageIdOf(int k) => "msg_01JC" + k.ToString("X22", CultureInfo.InvariantCulture);

    /// <summary>A planted word and the messages it is in, in ascending order (oldest first).</summary>
    public sealed record RareWord(string Word, IReadOnlyList<int> Messages);
}
