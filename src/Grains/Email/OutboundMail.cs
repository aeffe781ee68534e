using System.Text.RegularExpressions;
using MimeKit;

namespace Runtype.Grains.Email;

/// <summary>
/// An outbound message as the mail that carries it: a reply in the thread the participant started, so their
/// mail program files it with the conversation (<c>In-Reply-To</c> and <c>References</c> name the latest inbound
/// mail, the subject is theirs with <c>Re:</c>), from the surface's <c>from</c>, with a Message-ID fixed by the
/// message so that sending it again after a crash cannot look like a second mail.
/// </summary>
public static partial class OutboundMail
{
    /// <summary>Most ids a composed <c>References</c> carries: the thread's root and the latest ones (RFC 5322 §3.6.4 allows trimming).</summary>
    public const int MaxReferences = 20;

    /// <summary>The subject replied to when the conversation has none.</summary>
    public const string NoSubject = "(no subject)";

    private const string FallbackDomain = "runtype.invalid";

    /// <summary>
    /// The reply mail. <paramref name="from"/> is the surface's setting (<c>Support &lt;support@example.com&gt;</c>)
    /// and, like <paramref name="toAddress"/>, must be a valid address (MimeKit's <see cref="ParseException"/>
    /// otherwise). <paramref name="inReplyTo"/> is the latest inbound Message-ID and <paramref name="references"/>
    /// that mail's own <c>References</c>; ids may come with or without angle brackets, and ids made up for mail that
    /// had none are not sent. <paramref name="messageId"/> comes from <see cref="MessageIdFor"/>.
    /// </summary>
    public static MimeMessage Compose(
        string from, string toAddress, string? toName, string? subject, string? inReplyTo, IEnumerable<string>? references,
        string messageId, DateTimeOffset date, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var message = new MimeMessage
        {
            Subject = ReplySubject(subject),
            Date = date,
            MessageId = Bare(messageId),
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(toName ?? "", toAddress));

        var thread = ThreadIds(inReplyTo, references);
        if (Sendable(inReplyTo) is { } parent)
        {
            message.Headers.Add(HeaderId.InReplyTo, parent);
        }

        foreach (var id in thread)
        {
            message.References.Add(id);
        }

        var text = new TextPart("plain") { Text = body };
        text.ContentTransferEncoding = text.GetBestEncoding(EncodingConstraint.SevenBit);
        message.Body = text;
        return message;
    }

    /// <summary>
    /// <c>&lt;{messageId}@{domain of from}&gt;</c>: the same message always gets the same id, so a resend after a
    /// crash is recognisably the same mail. <paramref name="fromAddress"/> may be the bare address or the whole
    /// <c>from</c> setting; without a usable domain, <c>runtype.invalid</c> is used.
    /// </summary>
    public static string MessageIdFor(string messageId, string fromAddress)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var local = string.Concat(messageId.Select(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c) ? c : '-'));
        return $"<{local.Trim('.')}@{DomainOf(fromAddress)}>";
    }

    /// <summary><c>Re: subject</c>, without doubling a <c>Re:</c> the subject already has.</summary>
    public static string ReplySubject(string? subject)
    {
        var trimmed = string.IsNullOrWhiteSpace(subject) ? NoSubject : subject.Trim();
        return ReplyPrefix().IsMatch(trimmed) ? trimmed : "Re: " + trimmed;
    }

    /// <summary>The inbound mail's references then its own id, without repeats; past the cap, the root and the latest.</summary>
    private static List<string> ThreadIds(string? inReplyTo, IEnumerable<string>? references)
    {
        var parent = Sendable(inReplyTo);
        var ids = (references ?? []).Select(Sendable).OfType<string>().Where(id => id != parent).Distinct(StringComparer.Ordinal).ToList();
        if (parent is not null)
        {
            ids.Add(parent);
        }

        return ids.Count <= MaxReferences ? ids : [ids[0], .. ids.Skip(ids.Count - MaxReferences + 1)];
    }

    private static string? Sendable(string? id) =>
        MailIds.Normalize(id) is { } normalized && !normalized.EndsWith("@" + MailIds.DerivedDomain + ">", StringComparison.Ordinal)
            ? normalized
            : null;

    private static string Bare(string id) => id.Trim().TrimStart('<').TrimEnd('>');

    private static string DomainOf(string fromAddress)
    {
        var address = MailboxAddress.TryParse(fromAddress ?? "", out var mailbox) ? mailbox.Address : fromAddress ?? "";
        var domain = address[(address.LastIndexOf('@') + 1)..].Trim().TrimEnd('>');
        if (domain.Any(c => !char.IsAscii(c)))
        {
            try
            {
                var encoded = MailboxAddress.EncodeAddrspec("x@" + domain);
                domain = encoded[(encoded.LastIndexOf('@') + 1)..];
            }
            catch (ArgumentException)
            {
                return FallbackDomain;
            }
        }

        return domain.Length > 0 && domain.Length <= 253 && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            ? domain.ToLowerInvariant()
            : FallbackDomain;
    }

    [GeneratedRegex(@"^re\s*(\[\d+\])?\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();
}
