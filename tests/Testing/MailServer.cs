using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Runtype.Testing;

/// <summary>
/// The real mail servers the full test command starts (scripts/mail.sh: Dovecot for IMAP, Exim for SMTP, on loopback,
/// with a self-signed certificate), as <c>RUNTYPE_TEST_MAIL</c> describes them. Any IMAP user name logs in with
/// <see cref="Password"/>, so a test makes a mailbox of its own by choosing a new address (<see cref="NewAddress"/>),
/// and whatever any SMTP port accepts lands in the mailbox named by its recipient address: what the product sent is
/// read back over IMAP, what it should receive is appended over IMAP. The test side's clients trust exactly the
/// servers' certificate (<see cref="ValidateServerCertificate"/>), never any certificate at all.
/// </summary>
public sealed class MailServer
{
    public const string Variable = "RUNTYPE_TEST_MAIL";

    /// <summary>Mails per IMAP APPEND command in <see cref="AppendManyAsync"/> (MULTIAPPEND): 10,000 mails are 20 round trips.</summary>
    private const int AppendBatch = 500;

    private static readonly Lazy<MailServer> FromEnvironment = new(() => Parse(Environment.GetEnvironmentVariable(Variable)));

    private MailServer(IReadOnlyDictionary<string, string> settings)
    {
        Host = settings["host"];
        ImapPort = Port(settings["imap"]);
        ImapsPort = Port(settings["imaps"]);
        SmtpPort = Port(settings["smtp"]);
        SubmissionPort = Port(settings["submission"]);
        SmtpsPort = Port(settings["smtps"]);
        Password = settings["password"];
        SmtpUser = settings["smtpUser"];
        SmtpPassword = settings["smtpPassword"];
        CaCertificatePath = settings["ca"];
        CaCertificate = X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath);
    }

    /// <summary>The servers of this test run; throws, naming the variable and the command, where none were started.</summary>
    public static MailServer Current => FromEnvironment.Value;

    public string Host { get; }

    /// <summary>IMAP without TLS, offering STARTTLS.</summary>
    public int ImapPort { get; }

    /// <summary>IMAP in implicit TLS.</summary>
    public int ImapsPort { get; }

    /// <summary>SMTP without TLS and without authentication (what <c>security: none</c> talks to).</summary>
    public int SmtpPort { get; }

    /// <summary>SMTP that requires STARTTLS and then AUTH (<see cref="SmtpUser"/>).</summary>
    public int SubmissionPort { get; }

    /// <summary>SMTP in implicit TLS that requires AUTH (<see cref="SmtpUser"/>).</summary>
    public int SmtpsPort { get; }

    /// <summary>The IMAP password of every user name.</summary>
    public string Password { get; }

    /// <summary>The one SMTP account of the submission and SMTPS ports.</summary>
    public string SmtpUser { get; }

    public string SmtpPassword { get; }

    /// <summary>The servers' self-signed certificate (PEM): the one certificate authority a client under test should trust.</summary>
    public string CaCertificatePath { get; }

    public X509Certificate2 CaCertificate { get; }

    /// <summary>The domain of <see cref="NewAddress"/>: reserved for tests (RFC 2606), so nothing could ever leave for it.</summary>
    public string Domain { get; } = "example.test";

    /// <summary>A mailbox nobody else uses: <c>prefix-&lt;guid&gt;@example.test</c> (user names are compared in lower case).</summary>
    public string NewAddress(string prefix) => $"{prefix}-{Guid.NewGuid():N}@{Domain}";

    /// <summary>
    /// Trusts a server certificate only if it chains to <see cref="CaCertificate"/> alone (the machine's roots do not
    /// count) and names the host connected to; a callback for MailKit's clients and for <see cref="SslStream"/>.
    /// </summary>
    public bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.Add(CaCertificate);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return own.Build(presented);
    }

    /// <summary>An IMAP client that trusts these servers (not yet connected).</summary>
    public ImapClient NewImapClient() => new() { ServerCertificateValidationCallback = ValidateServerCertificate, CheckCertificateRevocation = false };

    /// <summary>An SMTP client that trusts these servers (not yet connected).</summary>
    public SmtpClient NewSmtpClient() => new() { ServerCertificateValidationCallback = ValidateServerCertificate, CheckCertificateRevocation = false };

    /// <summary>The IMAP port for a way of securing the connection: the implicit-TLS one, or the plain one (with or without STARTTLS).</summary>
    public int ImapPortFor(SecureSocketOptions security) => security == SecureSocketOptions.SslOnConnect ? ImapsPort : ImapPort;

    /// <summary>An IMAP session logged in as <paramref name="user"/>; the caller disposes it.</summary>
    public async Task<ImapClient> ConnectImapAsync(string user, SecureSocketOptions security = SecureSocketOptions.SslOnConnect, CancellationToken cancellationToken = default)
    {
        var client = NewImapClient();
        try
        {
            await client.ConnectAsync(Host, ImapPortFor(security), security, cancellationToken);
            await client.AuthenticateAsync(user, Password, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Puts a mail into the inbox of <paramref name="user"/> as if it had been delivered at <paramref name="internalDate"/>
    /// (now if null). The server keeps the moment, not the offset: it answers the date in its own time zone.
    /// </summary>
    public async Task AppendAsync(string user, MimeMessage message, DateTimeOffset? internalDate = null)
    {
        using var client = await ConnectImapAsync(user);
        await client.Inbox.AppendAsync(new AppendRequest(message) { InternalDate = internalDate });
        await client.DisconnectAsync(true);
    }

    /// <summary>Puts many mails into the inbox of <paramref name="user"/>, in order, a batch per APPEND command over one session.</summary>
    public async Task AppendManyAsync(string user, IEnumerable<MimeMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var client = await ConnectImapAsync(user);
        foreach (var batch in messages.Chunk(AppendBatch))
        {
            await client.Inbox.AppendAsync(batch.Select(message => (IAppendRequest)new AppendRequest(message)).ToList());
        }

        await client.DisconnectAsync(true);
    }

    /// <summary>Every mail in the inbox of <paramref name="user"/>, oldest first (read-only: nothing is marked seen).</summary>
    public async Task<IReadOnlyList<MimeMessage>> ReadInboxAsync(string user)
    {
        using var client = await ConnectImapAsync(user);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var messages = await ReadFromAsync(client.Inbox, 0, CancellationToken.None);
        await client.DisconnectAsync(true);
        return messages;
    }

    /// <summary>
    /// Waits until a mail matching <paramref name="match"/> is in the inbox of <paramref name="user"/> and returns it;
    /// throws <see cref="TimeoutException"/> (listing what did arrive) after <paramref name="timeout"/>. Each mail is
    /// read once; between looks the session IDLEs, so a new mail wakes it at once, and each IDLE ends after a second
    /// so that a mail the server announced just before it began is not missed.
    /// </summary>
    public async Task<MimeMessage> WaitForMailAsync(string user, Func<MimeMessage, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var deadline = new CancellationTokenSource(timeout);
        using var client = await ConnectImapAsync(user, cancellationToken: deadline.Token);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly, deadline.Token);
        var seen = new List<string>();
        try
        {
            while (true)
            {
                foreach (var message in await ReadFromAsync(inbox, seen.Count, deadline.Token))
                {
                    if (match(message))
                    {
                        await client.DisconnectAsync(true, CancellationToken.None);
                        return message;
                    }

                    seen.Add($"{message.MessageId} \"{message.Subject}\"");
                }

                await IdleUntilNewMailAsync(client, inbox, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"No matching mail arrived in the inbox of {user} within {timeout}; it holds {seen.Count}: {string.Join(", ", seen)}"));
        }
    }

    /// <summary>The mails of an open folder from <paramref name="first"/> on, in one FETCH, not one round trip each.</summary>
    private static async Task<MimeMessage[]> ReadFromAsync(IMailFolder folder, int first, CancellationToken cancellationToken)
    {
        if (first >= folder.Count)
        {
            return [];
        }

        // A fixed last index: mail arriving during the FETCH is for the next look, not past the end of this array.
        var last = folder.Count - 1;
        var messages = new MimeMessage[last - first + 1];
        await ((ImapFolder)folder).GetStreamsAsync(first, last, async (_, index, _, stream, token) =>
            messages[index - first] = await MimeMessage.LoadAsync(stream, token), cancellationToken);
        return messages;
    }

    /// <summary>
    /// Ends gracefully (DONE) at the deadline too, not by the hard cancellation MailKit answers by dropping the
    /// connection, so the session still logs out; the deadline is checked once the server has confirmed the end.
    /// </summary>
    private static async Task IdleUntilNewMailAsync(ImapClient client, IMailFolder inbox, CancellationToken deadline)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        done.CancelAfter(TimeSpan.FromSeconds(1));
        void OnCountChanged(object? sender, EventArgs e) => done.Cancel();
        inbox.CountChanged += OnCountChanged;
        try
        {
            await client.IdleAsync(done.Token, CancellationToken.None);
        }
        finally
        {
            inbox.CountChanged -= OnCountChanged;
        }

        deadline.ThrowIfCancellationRequested();
    }

    private static MailServer Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"No mail servers for the tests: {Variable} is not set. The full test command (bash scripts/test.sh) starts them; in a shell of your own, `source scripts/mail.sh && start_mail` starts them and sets it (stop_mail stops them).");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException($"{Variable} has '{pair}', which is not key=value.");
            }

            settings[pair[..equals]] = pair[(equals + 1)..];
        }

        string[] required = ["host", "imap", "imaps", "smtp", "submission", "smtps", "password", "smtpUser", "smtpPassword", "ca"];
        var missing = required.Where(key => !settings.ContainsKey(key)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{Variable} lacks {string.Join(", ", missing)} (scripts/mail.sh writes every key).");
        }

        return new MailServer(settings);
    }

    private static int Port(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
