namespace Runtype.Grains.Email;

/// <summary>How a connection to a mail server is secured: implicit TLS, STARTTLS, or none (tests only).</summary>
public enum MailSecurity
{
    Tls = 1,
    StartTls = 2,
    None = 3,
}

/// <summary>
/// One mail server of an email surface, as stored: the password only as Data Protection's ciphertext
/// (<see cref="ProtectedPassword"/>), never in clear. <see cref="Mailbox"/> is the IMAP folder, <see cref="From"/>
/// the SMTP sender; each is null on the other kind.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.MailServerSettings")]
public sealed record MailServerSettings
{
    [Id(0)] public required string Host { get; init; }
    [Id(1)] public int Port { get; init; }
    [Id(2)] public MailSecurity Security { get; init; }
    [Id(3)] public string? Username { get; init; }
    [Id(4)] public string? ProtectedPassword { get; init; }
    [Id(5)] public string? Mailbox { get; init; }
    [Id(6)] public string? From { get; init; }

    /// <summary>What a mailbox position belongs to: a change of any of these is another mailbox, read from its start.</summary>
    public string MailboxIdentity => $"{Host.ToLowerInvariant()}:{Port}/{Username}/{Mailbox}";
}

/// <summary>The email settings of a surface (spec email.md, "Configuring a mailbox").</summary>
[GenerateSerializer, Immutable, Alias("Runtype.EmailSettings")]
public sealed record EmailSettings
{
    public static readonly TimeSpan DefaultPollEvery = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MinPollEvery = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxPollEvery = TimeSpan.FromHours(1);

    [Id(0)] public MailServerSettings? Imap { get; init; }
    [Id(1)] public MailServerSettings? Smtp { get; init; }
    [Id(2)] public TimeSpan PollEvery { get; init; } = DefaultPollEvery;

    /// <summary>Mail older than this is not read; null: only mail that arrived after <see cref="ConfiguredAt"/>.</summary>
    [Id(3)] public DateTime? Since { get; init; }

    /// <summary>When this mailbox (<see cref="MailServerSettings.MailboxIdentity"/>) was first configured.</summary>
    [Id(4)] public DateTime ConfiguredAt { get; init; }

    /// <summary>The earliest arrival time read from the mailbox.</summary>
    public DateTime ReadFrom => Since ?? ConfiguredAt;
}
