using MimeKit;

namespace Runtype.Testing.History;

/// <summary>
/// Where the service reaches the test mail servers (<see cref="MailServer"/>): straight on loopback, or, from silos in
/// network namespaces, through proxies on an address every namespace reaches. Plain IMAP and SMTP (<c>security:
/// none</c>) either way: the servers' certificate names loopback only, and a TLS handshake per poll and per mail
/// costs the shared cores time the history's load needs (the email tests cover TLS). The test itself talks to the
/// servers directly.
/// </summary>
public sealed record HistoryMailServer(string Host, int ImapPort, int SmtpPort)
{
    public static HistoryMailServer Direct => new(MailServer.Current.Host, MailServer.Current.ImapPort, MailServer.Current.SmtpPort);

    /// <summary>
    /// What every process that serves or validates email surfaces needs for the test servers: loopback and private
    /// hosts, <c>security: none</c> for the plain SMTP port, the servers' certificate, and a first retry after a
    /// second, so a send that failed during a fault is retried within the history's settle, not after 30 s.
    /// </summary>
    public static Dictionary<string, string> ProcessSettings() => new()
    {
        ["Email__AllowPrivateHosts"] = "true",
        ["Email__AllowInsecure"] = "true",
        ["Email__TrustedCertificatesPath"] = MailServer.Current.CaCertificatePath,
        ["Email__FirstRetryDelay"] = "00:00:01",
    };
}

/// <summary>
/// One owner's email surface in a history: its id, the mailbox it polls (<see cref="Support"/>, also its
/// <c>from</c>), and the customer every conversation the workload starts on it is with, whose mailbox receives what
/// it sends. Both addresses are new per run.
/// </summary>
public sealed record HistoryMailbox(string SurfaceId, string Support, string Customer)
{
    public const string Surface = "history-mail";

    public static HistoryMailbox New() =>
        new(Surface, MailServer.Current.NewAddress("history-support"), MailServer.Current.NewAddress("history-customer"));

    /// <summary>The domain of <see cref="Support"/>: outbound Message-IDs the service makes end with it.</summary>
    public string Domain => Support[(Support.LastIndexOf('@') + 1)..];
}

/// <summary>
/// A mail a client put into the surface's mailbox: Message-ID without brackets, the ids it replies to, and its
/// text. <see cref="RepeatOf"/>: delivered before under the same Message-ID (the same mail again).
/// </summary>
public sealed record SentMail(string MessageId, string? InReplyTo, IReadOnlyList<string> References, string Subject, string Text, DateTimeOffset Date, string? RepeatOf)
{
    public MimeMessage ToMime(string from, string to)
    {
        var mail = new MimeMessage { Subject = Subject, MessageId = MessageId, Date = Date, Body = new TextPart("plain") { Text = Text } };
        mail.From.Add(new MailboxAddress("History Customer", from));
        mail.To.Add(MailboxAddress.Parse(to));
        if (InReplyTo is not null)
        {
            mail.InReplyTo = InReplyTo;
        }

        foreach (var reference in References)
        {
            mail.References.Add(reference);
        }

        return mail;
    }
}

/// <summary>A mail as a mailbox holds it at the end: ids without brackets, text with line ends as <c>\n</c>.</summary>
public sealed record MailSeen(string MessageId, string? InReplyTo, IReadOnlyList<string> References, string Subject, string Text, IReadOnlyList<string> To)
{
    public static MailSeen From(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        return new(mail.MessageId ?? "", mail.InReplyTo, [.. mail.References], mail.Subject ?? "", Normalize(mail.TextBody ?? ""),
            [.. mail.To.Mailboxes.Select(m => m.Address)]);
    }

    /// <summary>Line ends as <c>\n</c>, no trailing line end: mail carries CRLF and may end with one.</summary>
    public static string Normalize(string text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

    /// <summary>An id as a message stores it (<c>&lt;id&gt;</c>) or a mail carries it (<c>id</c>), without brackets.</summary>
    public static string Bare(string id) => (id ?? "").Trim().TrimStart('<').TrimEnd('>');
}
