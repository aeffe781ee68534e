namespace Runtype.Client;

/// <summary>
/// An email surface's settings as the API answers them (<see cref="Surface.Email"/>): every setting but the passwords,
/// and how reading its mailbox stands. <see cref="Status"/> is <c>pending</c> (not polled yet), <c>ok</c> or
/// <c>error</c>, with <see cref="LastError"/> naming the failure in words (never a password); a send-only surface is
/// <c>ok</c>, its problems showing on each message's <see cref="Message.Delivery"/>.
/// </summary>
public sealed record SurfaceEmail(
    SurfaceMailServer? Imap,
    SurfaceMailServer? Smtp,
    TimeSpan PollEvery,
    DateTimeOffset? Since,
    string Status,
    DateTimeOffset? LastPollAt,
    string? LastError);
