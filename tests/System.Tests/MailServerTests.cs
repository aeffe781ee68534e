using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Runtype.Testing;
using MailKitAuthenticationException = MailKit.Security.AuthenticationException;

namespace Runtype.System.Tests;

/// <summary>
/// The mail servers the email tests stand on (scripts/mail.sh: Dovecot and Exim on loopback, MailServer.Current) are
/// real ones: they speak IMAP and SMTP in plain text, STARTTLS and implicit TLS, refuse wrong passwords and
/// unauthenticated submission, deliver what an SMTP port accepts into the recipient's IMAP mailbox, keep an appended
/// mail's internal date, and present a certificate that only a client trusting the test CA accepts.
/// </summary>
public sealed class MailServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static MailServer Server => MailServer.Current;

    [Theory]
    [InlineData(SecureSocketOptions.None)]
    [InlineData(SecureSocketOptions.StartTls)]
    [InlineData(SecureSocketOptions.SslOnConnect)]
    public async Task Imap_logs_any_new_user_in_with_the_password(SecureSocketOptions security)
    {
        using var client = await Server.ConnectImapAsync(Server.NewAddress("login"), security);

        Assert.True(client.IsAuthenticated);
        Assert.Equal(security != SecureSocketOptions.None, client.IsSecure);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(0, client.Inbox.Count);
    }

    [Fact]
    public async Task Imap_refuses_a_wrong_password()
    {
        using var client = Server.NewImapClient();
        await client.ConnectAsync(Server.Host, Server.ImapsPort, SecureSocketOptions.SslOnConnect);

        await Assert.ThrowsAsync<MailKitAuthenticationException>(() => client.AuthenticateAsync(Server.NewAddress("wrong"), Server.Password + "x"));
    }

    [Theory]
    [InlineData("smtp")]
    [InlineData("submission")]
    [InlineData("smtps")]
    public async Task Mail_sent_through_each_smtp_port_arrives_in_the_recipients_mailbox(string port)
    {
        var recipient = Server.NewAddress("to-" + port);
        var sent = Mail(Server.NewAddress("from"), recipient, "through " + port);
        using (var smtp = Server.NewSmtpClient())
        {
            await ConnectSmtpAsync(smtp, port);
            Assert.Equal(port != "smtp", smtp.IsSecure);
            await smtp.SendAsync(sent);
            await smtp.DisconnectAsync(true);
        }

        var received = await Server.WaitForMailAsync(recipient, mail => mail.MessageId == sent.MessageId, Patience);

        Assert.Equal("through " + port, received.Subject);
        Assert.Equal(sent.TextBody?.Trim(), received.TextBody?.Trim());
        Assert.Equal(sent.From.Mailboxes.Single().Address, received.From.Mailboxes.Single().Address);
    }

    [Theory]
    [InlineData("submission")]
    [InlineData("smtps")]
    public async Task Submission_ports_refuse_mail_without_authentication(string port)
    {
        using var smtp = Server.NewSmtpClient();
        await ConnectSmtpAsync(smtp, port, authenticate: false);

        await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => smtp.SendAsync(Mail(Server.NewAddress("from"), Server.NewAddress("to"), "unauthenticated")));
    }

    [Fact]
    public async Task Submission_refuses_a_wrong_password()
    {
        using var smtp = Server.NewSmtpClient();
        await smtp.ConnectAsync(Server.Host, Server.SubmissionPort, SecureSocketOptions.StartTls);

        await Assert.ThrowsAsync<MailKitAuthenticationException>(() => smtp.AuthenticateAsync(Server.SmtpUser, Server.SmtpPassword + "x"));
    }

    [Fact]
    public async Task Appending_with_an_internal_date_keeps_that_moment()
    {
        var user = Server.NewAddress("append");
        var internalDate = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.FromHours(2));
        var appended = Mail(Server.NewAddress("from"), user, "dated");

        await Server.AppendAsync(user, appended, internalDate);

        using var client = await Server.ConnectImapAsync(user);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var summary = Assert.Single(await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope));
        Assert.Equal(internalDate, summary.InternalDate);
        Assert.Equal(appended.MessageId, summary.Envelope?.MessageId);
    }

    [Fact]
    public async Task Appending_many_keeps_every_mail_in_order()
    {
        var user = Server.NewAddress("many");
        var mails = Enumerable.Range(0, 1234).Select(i => Mail(Server.NewAddress("from"), user, $"mail {i}")).ToList();

        await Server.AppendManyAsync(user, mails);

        using var client = await Server.ConnectImapAsync(user);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var envelopes = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope);
        Assert.Equal(mails.Select(mail => mail.MessageId), envelopes.Select(summary => summary.Envelope?.MessageId));
        var read = await Server.ReadInboxAsync(user);
        Assert.Equal(mails.Select(mail => mail.Subject), read.Select(mail => mail.Subject));
    }

    [Fact]
    public async Task Waiting_for_mail_that_never_comes_names_what_did()
    {
        var user = Server.NewAddress("wait");
        var other = Mail(Server.NewAddress("from"), user, "not this one");
        await Server.AppendAsync(user, other);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => Server.WaitForMailAsync(user, mail => mail.Subject == "this one", TimeSpan.FromSeconds(2)));

        Assert.Contains(other.MessageId!, timeout.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecureSocketOptions.StartTls)]
    [InlineData(SecureSocketOptions.SslOnConnect)]
    public async Task An_imap_client_that_does_not_trust_the_test_ca_fails_the_handshake(SecureSocketOptions security)
    {
        using var client = new ImapClient();

        await Assert.ThrowsAsync<SslHandshakeException>(() => client.ConnectAsync(Server.Host, Server.ImapPortFor(security), security));
    }

    [Theory]
    [InlineData("submission")]
    [InlineData("smtps")]
    public async Task An_smtp_client_that_does_not_trust_the_test_ca_fails_the_handshake(string port)
    {
        using var smtp = new SmtpClient();

        await Assert.ThrowsAsync<SslHandshakeException>(() => ConnectSmtpAsync(smtp, port, authenticate: false));
    }

    [Fact]
    public void The_trust_check_refuses_a_certificate_the_test_ca_did_not_issue()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var stranger = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.False(Server.ValidateServerCertificate(this, stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(Server.ValidateServerCertificate(this, Server.CaCertificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    private static async Task ConnectSmtpAsync(SmtpClient smtp, string port, bool authenticate = true)
    {
        var (number, security) = port switch
        {
            "smtp" => (Server.SmtpPort, SecureSocketOptions.None),
            "submission" => (Server.SubmissionPort, SecureSocketOptions.StartTls),
            "smtps" => (Server.SmtpsPort, SecureSocketOptions.SslOnConnect),
            _ => throw new ArgumentOutOfRangeException(nameof(port), port, "no such port"),
        };
        await smtp.ConnectAsync(Server.Host, number, security);
        if (authenticate && security != SecureSocketOptions.None)
        {
            await smtp.AuthenticateAsync(Server.SmtpUser, Server.SmtpPassword);
        }
    }

    private static MimeMessage Mail(string from, string to, string subject)
    {
        var mail = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = $"Body of {subject}, sent to {to}.\n" } };
        mail.From.Add(MailboxAddress.Parse(from));
        mail.To.Add(MailboxAddress.Parse(to));
        mail.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.test");
        return mail;
    }
}
