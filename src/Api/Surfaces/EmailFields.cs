using System.Text.Json;
using Runtype.Api.Shared;
using Runtype.Grains.Email;
using Runtype.Grains.Wire;

namespace Runtype.Api.Surfaces;

/// <summary>
/// Reads the <c>email</c> object of a surface PUT (docs/email.md): its shape only. Whether its hosts may be
/// reached (private addresses, <c>security: none</c>) is <see cref="EmailHostCheck"/>'s, after binding, since it
/// resolves names. Problems are named by path: <c>email.imap.port</c>.
/// </summary>
public static class EmailFields
{
    public const string Name = "email";
    public const int PasswordLength = 1024;

    public static readonly TextField Host = new("host", 1, 253);
    public static readonly TextField Username = new("username", 1, 320);
    public static readonly TextField Password = new("password", 1, PasswordLength);
    public static readonly TextField Mailbox = new("mailbox", 1, 255);
    public static readonly TextField From = new("from", 3, 576);
    public static readonly TextField PollEvery = new("pollEvery", 1, 32);
    public static readonly TextField Since = new("since", 1, 64);

    public static readonly IReadOnlyDictionary<string, MailSecurity> Securities = new Dictionary<string, MailSecurity>(StringComparer.Ordinal)
    {
        ["tls"] = MailSecurity.Tls,
        ["starttls"] = MailSecurity.StartTls,
        ["none"] = MailSecurity.None,
    };

    /// <summary>The settings, or null when absent or bad (each problem is failed on <paramref name="body"/>).</summary>
    public static EmailSettingsChange? Read(FieldReader body, string? surfaceType)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Property(Name) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            body.Fail(Name, "Must be a JSON object.");
            return null;
        }

        if (surfaceType is not null && surfaceType != "email")
        {
            body.Fail(Name, "Only a surface of type email has email settings.");
        }

        var email = new FieldReader(value);
        var imap = Server(email, "imap", defaultSecurity: MailSecurity.Tls);
        var smtp = Server(email, "smtp", defaultSecurity: MailSecurity.StartTls);
        var pollEvery = EmailSettings.DefaultPollEvery;
        if (email.Text(PollEvery) is { } pollText)
        {
            pollEvery = Durations.Parse(pollText, EmailSettings.MinPollEvery, EmailSettings.MaxPollEvery, out var problem) ?? pollEvery;
            if (problem is not null)
            {
                email.Fail(PollEvery.Name, problem);
            }
        }

        DateTime? since = null;
        if (email.Text(Since) is { } sinceText)
        {
            if (Timestamps.TryParseRfc3339(sinceText, out var parsed))
            {
                since = parsed;
            }
            else
            {
                email.Fail(Since.Name, "Must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z.");
            }
        }

        email.CheckUnreadProperties();
        Copy(email, body, Name);
        return email.IsValid ? new EmailSettingsChange { Imap = imap, Smtp = smtp, PollEvery = pollEvery, Since = since } : null;
    }

    private static MailServerChange? Server(FieldReader email, string name, MailSecurity defaultSecurity)
    {
        if (email.Property(name) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            email.Fail(name, "Must be a JSON object.");
            return null;
        }

        var server = new FieldReader(value);
        var host = server.Text(Host, required: true, nullable: false);
        if (host is not null && !IsHostName(host))
        {
            server.Fail(Host.Name, "Must be a host name or an IP address, without a scheme, port or path.");
        }

        var security = server.Enum("security", Securities) ?? defaultSecurity;
        var port = Port(server, DefaultPort(name, security));
        var username = server.Text(Username);
        var passwordGiven = server.Has(Password.Name);
        var password = server.Text(Password);
        var mailbox = name == "imap" ? server.Text(Mailbox) ?? "INBOX" : null;
        var from = name == "smtp" ? server.Text(From, required: true, nullable: false) : null;
        if (from is not null && !MimeKit.MailboxAddress.TryParse(from, out _))
        {
            server.Fail(From.Name, "Must be an address such as Support <support@example.com>.");
        }

        server.CheckUnreadProperties();
        Copy(server, email, name);
        return server.IsValid && host is not null
            ? new MailServerChange
            {
                Host = host,
                Port = port,
                Security = security,
                Username = username,
                PasswordChange = !passwordGiven ? PasswordChange.Keep : password is null ? PasswordChange.Remove : PasswordChange.Set,
                Password = password is null ? null : new SecretText(password),
                Mailbox = mailbox,
                From = from,
            }
            : null;
    }

    private static int Port(FieldReader server, int fallback)
    {
        if (server.Property("port") is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        server.Fail("port", "Must be a whole number from 1 to 65535.");
        return fallback;
    }

    /// <summary>The well-known ports: IMAPS 993 and IMAP 143; submission over TLS 465, with STARTTLS 587, plain 25.</summary>
    private static int DefaultPort(string name, MailSecurity security) => (name, security) switch
    {
        ("imap", MailSecurity.Tls) => 993,
        ("imap", _) => 143,
        (_, MailSecurity.Tls) => 465,
        (_, MailSecurity.StartTls) => 587,
        _ => 25,
    };

    private static bool IsHostName(string host) =>
        Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6 && !host.Contains(':', StringComparison.Ordinal)
        || System.Net.IPAddress.TryParse(host, out _);

    private static void Copy(FieldReader from, FieldReader to, string prefix)
    {
        foreach (var (field, messages) in from.Errors)
        {
            foreach (var message in messages)
            {
                to.Fail($"{prefix}.{field}", message);
            }
        }
    }
}
