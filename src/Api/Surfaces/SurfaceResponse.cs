using System.ComponentModel;
using Runtype.Grains;
using Runtype.Grains.Email;
using Runtype.Grains.Wire;

namespace Runtype.Api.Surfaces;

public sealed record SurfaceResponse(
    string Id, string Name, string Type, string? AutoCloseAfter, string? AutoArchiveAfter, string CreatedAt, string UpdatedAt,
    [property: Description("type email with settings only: the mailbox read and the server sent through, without passwords, and the polling's status; null otherwise")] EmailResponse? Email)
{
    public static SurfaceResponse From(Surface s, EmailSurfaceStatus? status)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Name, s.Type, Durations.Format(s.Timers.CloseAfter), Durations.Format(s.Timers.ArchiveAfter),
            Timestamps.Format(s.CreatedAt), Timestamps.Format(s.UpdatedAt), s.Email is { } email ? EmailResponse.From(email, status) : null);
    }
}

/// <summary>A surface's email settings as answered: every setting but the passwords (<c>passwordSet</c> instead), and the mailbox's status.</summary>
public sealed record EmailResponse(
    [property: Description("the mailbox read into conversations; null: send-only")] MailServerResponse? Imap,
    [property: Description("the server outbound messages are emailed through; null: receive-only")] MailServerResponse? Smtp,
    [property: Description("ISO 8601 duration between polls")] string PollEvery,
    [property: Description("RFC 3339 time mail is read from on a first configuration; null: the configuration's own time")] string? Since,
    [property: Description("pending (not polled yet), ok or error (lastError says why); ok on a send-only surface")] string Status,
    [property: Description("when the last poll started; null before the first")] string? LastPollAt,
    [property: Description("why the last poll failed, in words (never a password); null when it did not")] string? LastError)
{
    public static EmailResponse From(EmailSettings settings, EmailSurfaceStatus? status)
    {
        ArgumentNullException.ThrowIfNull(settings);
        status ??= EmailSurfaceStatus.Pending;
        return new(MailServerResponse.Of(settings.Imap), MailServerResponse.Of(settings.Smtp), Durations.Format(settings.PollEvery)!,
            Timestamps.Format(settings.Since), StatusName(settings.Imap is null ? MailboxStatus.Ok : status.Status),
            Timestamps.Format(status.LastPollAt), status.LastError);
    }

    private static string StatusName(MailboxStatus status) => status switch
    {
        MailboxStatus.Ok => "ok",
        MailboxStatus.Error => "error",
        _ => "pending",
    };
}

public sealed record MailServerResponse(
    [property: Description("host name or IP address")] string Host,
    [property: Description("the port connected to, the default filled in")] int Port,
    [property: Description("tls, starttls or none")] string Security,
    [property: Description("the login; null: none")] string? Username,
    [property: Description("whether a password is stored; passwords are write-only and never answered")] bool PasswordSet,
    [property: Description("imap: the folder read; null on smtp")] string? Mailbox,
    [property: Description("smtp: the From of sent mail; null on imap")] string? From)
{
    public static MailServerResponse? Of(MailServerSettings? server) => server is null
        ? null
        : new(server.Host, server.Port, EmailFields.Securities.First(s => s.Value == server.Security).Key, server.Username,
            server.ProtectedPassword is not null, server.Mailbox, server.From);
}
