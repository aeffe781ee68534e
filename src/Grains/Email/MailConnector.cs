using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Runtype.Grains.Secrets;
using Runtype.Grains.Webhooks;

namespace Runtype.Grains.Email;

/// <summary>
/// Opens the IMAP and SMTP connections of email surfaces: resolves the host itself and connects only to addresses the
/// guard allows (<see cref="WebhookAddresses"/>, as webhook deliveries do, unless <c>Email:AllowPrivateHosts</c>),
/// secures the connection as configured, trusts the system's roots plus <c>Email:TrustedCertificatesPath</c>, and
/// logs in with the password decrypted only for that call. Failures surface as <see cref="MailFailureException"/>: words for
/// <c>lastError</c>, never the password or the server's own text.
/// </summary>
public sealed class MailConnector(IOptions<EmailOptions> options, ISecretProtector secrets)
{
    private readonly EmailOptions _options = options.Value;
    private readonly X509Certificate2Collection _trusted = LoadTrusted(options.Value.TrustedCertificatesPath);

    public async Task<ImapClient> OpenImapAsync(MailServerSettings server, CancellationToken cancellation)
    {
        var client = new ImapClient();
        await OpenAsync(client, server, cancellation);
        return client;
    }

    public async Task<SmtpClient> OpenSmtpAsync(MailServerSettings server, CancellationToken cancellation)
    {
        var client = new SmtpClient();
        await OpenAsync(client, server, cancellation);
        return client;
    }

    private async Task OpenAsync(MailService client, MailServerSettings server, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(server);
        client.Timeout = (int)_options.Timeout.TotalMilliseconds;
        client.ServerCertificateValidationCallback = Validate;
        try
        {
            var socket = await ConnectAsync(server.Host, server.Port, cancellation);
            await client.ConnectAsync(socket, server.Host, server.Port, Secure(server.Security), cancellation);
            if (server.Username is { } username)
            {
                var password = server.ProtectedPassword is { } protectedPassword ? secrets.Unprotect(protectedPassword) : "";
                await client.AuthenticateAsync(username, password, cancellation);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            client.Dispose();
            throw MailFailureException.Of(ex);
        }
    }

    private async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellation)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellation);
        }
        catch (SocketException)
        {
            throw new MailFailureException("host not found");
        }

        var allowed = addresses.Where(a => WebhookAddresses.Allowed(a, _options.AllowPrivateHosts)).ToArray();
        if (allowed.Length == 0)
        {
            throw new MailFailureException(addresses.Length == 0 ? "host not found" : "host refused: it resolves to a loopback, private or link-local address");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(_options.Timeout);
            await socket.ConnectAsync(allowed, port, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions Secure(MailSecurity security) => security switch
    {
        MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    /// <summary>The system's verdict, or, when only the chain failed, a chain that ends in one of the configured certificates.</summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || _trusted.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    private static X509Certificate2Collection LoadTrusted(string? path)
    {
        var trusted = new X509Certificate2Collection();
        if (path is { Length: > 0 } && File.Exists(path))
        {
            trusted.ImportFromPemFile(path);
        }

        return trusted;
    }
}
