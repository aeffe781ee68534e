using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Runtype.Api.Surfaces;

/// <summary>The documented shape of a surface's <c>email</c> object (read by <see cref="EmailFields"/>).</summary>
public sealed class EmailSettingsBody
{
    [Description("the mailbox read into conversations; absent: send-only")]
    public MailServerBody? Imap { get; init; }

    [Description("the server outbound messages are emailed through; absent: receive-only")]
    public MailServerBody? Smtp { get; init; }

    [Description("ISO 8601 duration from PT10S to PT1H between polls; default PT1M")]
    public string? PollEvery { get; init; }

    [Description("RFC 3339 time: also read mail that arrived since then (imported with its own dates); default: only mail newer than the configuration")]
    public string? Since { get; init; }
}

/// <summary>One mail server of an email surface.</summary>
public sealed class MailServerBody
{
    [Required, Description("host name or IP address; private, loopback and link-local addresses are refused unless Email:AllowPrivateHosts")]
    public string Host { get; init; } = "";

    [Description("default: 993 (imap tls), 143 (imap), 465 (smtp tls), 587 (smtp starttls), 25 (smtp none)")]
    public int? Port { get; init; }

    [Description("tls, starttls or none (none only where Email:AllowInsecure); default tls for imap, starttls for smtp")]
    public string? Security { get; init; }

    [Description("the login; absent: none")]
    public string? Username { get; init; }

    [Description("write-only: answers show passwordSet; absent keeps the stored one for the same host and username, null removes it")]
    public string? Password { get; init; }

    [Description("imap only: the folder read; default INBOX")]
    public string? Mailbox { get; init; }

    [Description("smtp only, required: the From of sent mail, such as Support <support@example.com>")]
    public string? From { get; init; }
}
