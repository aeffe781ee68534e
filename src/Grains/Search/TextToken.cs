namespace Runtype.Grains.Search;

/// <summary>
/// One word of a text as search sees it: where it stands in the text (UTF-16 offsets, so a highlight can mark the
/// original spelling), its 1-based place among the text's words (what phrase matching compares), and the term it is
/// indexed and matched by.
/// </summary>
public readonly record struct TextToken(int Start, int Length, int Position, string Term);
