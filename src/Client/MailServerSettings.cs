using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace Runtype.Client;

/// <summary>
/// One mail server of <see cref="EmailSettings"/>. <see cref="Password"/> is write-only: left unset it keeps the stored
/// one (but only for the same host and user name), set to null it removes it, set to a value it replaces it. The API
/// refuses hosts that resolve to private addresses and <c>none</c> security unless its configuration allows them.
/// </summary>
public sealed record MailServerSettings
{
    /// <summary>A host name or IP address, without scheme, port or path.</summary>
    public required string Host { get; init; }

    /// <summary>When null: 993 (IMAP over TLS), 143 (IMAP), 465 (SMTP over TLS), 587 (SMTP with STARTTLS), 25 (plain SMTP).</summary>
    public int? Port { get; init; }

    /// <summary><c>tls</c>, <c>starttls</c> or <c>none</c>; when null, <c>tls</c> for IMAP and <c>starttls</c> for SMTP.</summary>
    public string? Security { get; init; }

    public string? Username { get; init; }

    /// <summary>Absent: keep the stored one (same host and user name only); null: remove it; a value: store it, encrypted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Optional<string?> Password { get; init; }

    /// <summary>IMAP only: the folder read; <c>INBOX</c> when null.</summary>
    public string? Mailbox { get; init; }

    /// <summary>SMTP only, and required there: the sender of sent mail, such as <c>Support &lt;support@example.com&gt;</c>.</summary>
    public string? From { get; init; }

    /// <summary>Keeps the password out of <see cref="object.ToString"/>, so logging the settings cannot leak it.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Host = {Host}, Port = {Port}, Security = {Security}, Username = {Username}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Password = {(Password.HasValue ? Password.Value is null ? "(remove)" : "(set)" : "(absent)")}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Mailbox = {Mailbox}, From = {From}");
        return true;
    }
}
