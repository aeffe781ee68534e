namespace Runtype.Client;

/// <summary>
/// One mail server of an email surface as answered (<see cref="SurfaceEmail"/>): passwords are write-only, so
/// <see cref="PasswordSet"/> says whether one is stored. <see cref="Mailbox"/> is the IMAP folder read,
/// <see cref="From"/> the SMTP sender; each is null on the other server.
/// </summary>
public sealed record SurfaceMailServer(string Host, int Port, string Security, string? Username, bool PasswordSet, string? Mailbox, string? From);
