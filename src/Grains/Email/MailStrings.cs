using System.Text;

namespace Runtype.Grains.Email;

/// <summary>
/// Header text made fit for a message's fields: trimmed, no NUL, no lone surrogate (U+FFFD instead), and at most
/// so many code points, cut between pairs, never inside one. Mail headers come from anyone; the API's text rule
/// (<c>TextField.UnicodeProblem</c>) holds for every string a message carries.
/// </summary>
internal static class MailStrings
{
    /// <summary>Longest address text kept (<c>Name &lt;a@b&gt;</c>): an address may be 320 long, a display name 255.</summary>
    public const int MaxAddressText = FieldLimits.ParticipantEmail + FieldLimits.ParticipantName + 3;

    public const int MaxFileName = 255;

    public const int MaxContentType = 127;

    /// <summary>The cleaned text, or null when nothing is left of it.</summary>
    public static string? Clean(string? value, int maxCodePoints)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = new StringBuilder(Math.Min(value.Length, maxCodePoints));
        var codePoints = 0;
        for (var i = 0; i < value.Length && codePoints < maxCodePoints; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
            }
            else
            {
                text.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }

            codePoints++;
        }

        var cleaned = text.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary><c>Name &lt;address&gt;</c>, or the address alone when there is no name.</summary>
    public static string? Address(string? name, string? address)
    {
        var cleanName = Clean(name, FieldLimits.ParticipantName);
        var cleanAddress = Clean(address, FieldLimits.ParticipantEmail);
        return cleanAddress is null ? cleanName : cleanName is null ? cleanAddress : $"{cleanName} <{cleanAddress}>";
    }
}
