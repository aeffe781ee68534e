using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Runtype.Grains.Email;

/// <summary>
/// A mail server failure in words fit for <c>lastError</c> and logs: fixed texts by kind (authentication refused,
/// host not found, certificate not trusted, mailbox missing, ...), never the server's or the library's own message,
/// which could echo what was sent. <see cref="Permanent"/>: an SMTP 5xx, which sending again would meet again.
/// </summary>
public sealed class MailFailureException : Exception
{
    public MailFailureException()
    {
    }

    public MailFailureException(string message)
        : base(message)
    {
    }

    public MailFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool Permanent { get; init; }

    public static MailFailureException Of(Exception ex) => ex switch
    {
        MailFailureException failure => failure,
        AuthenticationException => new MailFailureException("authentication refused"),
        ServiceNotAuthenticatedException => new MailFailureException("the server requires authentication (SMTP 530)") { Permanent = true },
        SslHandshakeException => new MailFailureException("certificate not trusted (or the TLS handshake failed)"),
        FolderNotFoundException => new MailFailureException("mailbox missing"),
        SmtpCommandException smtp => new MailFailureException(SmtpWords(smtp)) { Permanent = (int)smtp.StatusCode >= 500 },
        SmtpProtocolException or ImapProtocolException => new MailFailureException("the server broke the protocol or closed the connection"),
        ImapCommandException => new MailFailureException("the server refused an IMAP command"),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => new MailFailureException("host not found"),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new MailFailureException("connection refused"),
        SocketException or IOException => new MailFailureException("connection failed"),
        OperationCanceledException or TimeoutException => new MailFailureException("timed out"),
        NotSupportedException => new MailFailureException("the server does not offer what the settings ask (STARTTLS or authentication)"),
        _ => new MailFailureException("mail server failure"),
    };

    private static string SmtpWords(SmtpCommandException smtp) => smtp.ErrorCode switch
    {
        SmtpErrorCode.RecipientNotAccepted => $"recipient refused (SMTP {(int)smtp.StatusCode})",
        SmtpErrorCode.SenderNotAccepted => $"sender refused (SMTP {(int)smtp.StatusCode})",
        _ => $"message refused (SMTP {(int)smtp.StatusCode})",
    };
}
