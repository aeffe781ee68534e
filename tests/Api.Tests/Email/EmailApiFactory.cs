using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Runtype.Testing;

namespace Runtype.Api.Tests.Email;

/// <summary>
/// The API host for email surfaces against the real Dovecot and Exim the test command starts on loopback
/// (<see cref="MailServer"/>): private hosts and plain connections allowed, as on a developer's machine, the servers'
/// self-signed certificate trusted through <c>Email:TrustedCertificatesPath</c>, retries a second apart.
/// </summary>
public class EmailApiFactory : ApiFactory
{
    protected virtual bool TrustsServerCertificate => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:AllowPrivateHosts", "true");
        builder.UseSetting("Email:AllowInsecure", "true");
        builder.UseSetting("Email:FirstRetryDelay", "00:00:01");
        builder.UseSetting("Email:Timeout", "00:00:10");
        if (TrustsServerCertificate)
        {
            builder.UseSetting("Email:TrustedCertificatesPath", MailServer.Current.CaCertificatePath);
        }
    }

    /// <summary>A surface reading <paramref name="mailbox"/> over implicit TLS and sending through the submission port (STARTTLS, AUTH).</summary>
    public static string Settings(string mailbox, string? imapPassword = null, string pollEvery = "PT10S", string? since = null, object? smtp = null)
    {
        var server = MailServer.Current;
        return JsonSerializer.Serialize(new
        {
            name = "Support",
            type = "email",
            email = new
            {
                imap = new { host = server.Host, port = server.ImapsPort, security = "tls", username = mailbox, password = imapPassword ?? server.Password },
                smtp = smtp ?? new
                {
                    host = server.Host, port = server.SubmissionPort, security = "starttls", username = server.SmtpUser, password = server.SmtpPassword,
                    from = $"Support <{mailbox}>",
                },
                pollEvery,
                since,
            },
        });
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The same host without the servers' certificate among the trusted ones.</summary>
public sealed class UntrustingEmailApiFactory : EmailApiFactory
{
    protected override bool TrustsServerCertificate => false;
}

[CollectionDefinition(Name)]
public sealed class EmailCollection : ICollectionFixture<EmailApiFactory>
{
    public const string Name = "email";
}
