using System.Security.Cryptography;
using System.Text;
using MimeKit.Utils;

namespace Runtype.Grains.Email;

/// <summary>
/// Message-IDs as the conversation stores them (<c>externalMessageId</c>, <c>externalThreadId</c>): with their
/// angle brackets, as they appear in <c>In-Reply-To</c> and <c>References</c>, so a reply's references compare equal
/// to the ids stored before. An id that could not be stored as it is (too long for
/// <see cref="FieldLimits.ExternalMessageId"/>, or holding control characters or white space) is replaced by a hash of
/// itself, so the same id in a later mail's references still finds it.
/// </summary>
internal static class MailIds
{
    /// <summary>The domain of ids made up here; <c>.invalid</c> is reserved (RFC 2606), so none clashes with a real one.</summary>
    public const string DerivedDomain = "derived.runtype.invalid";

    /// <summary>Cap on the <see cref="InboundMail.References"/> kept: the first (the thread's root) and the latest.</summary>
    public const int MaxReferences = 100;

    /// <summary>The id of a mail without a usable Message-ID: the SHA-256 of its raw bytes, so re-reading it gives the same id.</summary>
    public static string Derived(ReadOnlySpan<byte> raw) => Hashed(SHA256.HashData(raw));

    /// <summary>An id without its brackets, as MimeKit gives it, in its stored form; null when empty.</summary>
    public static string? Normalize(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var bracketed = "<" + id.Trim().TrimStart('<').TrimEnd('>') + ">";
        var usable = bracketed.Length <= FieldLimits.ExternalMessageId
            && !bracketed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c));
        return usable ? bracketed : Hashed(SHA256.HashData(Encoding.UTF8.GetBytes(bracketed)));
    }

    /// <summary>
    /// Every id in a header's value (<c>In-Reply-To</c>, <c>References</c>), in order, without repeats; beyond
    /// <see cref="MaxReferences"/> the first is kept with the latest ones.
    /// </summary>
    public static IReadOnlyList<string> All(IEnumerable<string> values)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            foreach (var raw in MimeUtils.EnumerateReferences(value))
            {
                if (Normalize(raw) is { } id && seen.Add(id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids.Count <= MaxReferences ? ids : [ids[0], .. ids.Skip(ids.Count - MaxReferences + 1)];
    }

    private static string Hashed(byte[] hash) => "<" + Convert.ToHexStringLower(hash) + "@" + DerivedDomain + ">";
}
