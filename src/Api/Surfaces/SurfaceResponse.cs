using Runtype.Grains;
using Runtype.Grains.Email;
using Runtype.Grains.Wire;

namespace Runtype.Api.Surfaces;

public sealed record SurfaceResponse(
    string Id, string Name, string Type, string? AutoCloseAfter, string? AutoArchiveAfter, string CreatedAt, string UpdatedAt,
    EmailResponse? Email)
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
    MailServerResponse? Imap, MailServerResponse? Smtp, string PollEvery, string? Since, string Status, string? LastPollAt, string? LastError)
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
    string Host, int Port, string Security, string? Username, bool PasswordSet, string? Mailbox, string? From)
{
    public static MailServerResponse? Of(MailServerSettings? server) => server is null
        ? null
        : new(server.Host, server.Port, EmailFields.Securities.First(s => s.Value == server.Security).Key, server.Username,
            server.ProtectedPassword is not null, server.Mailbox, server.From);
}
