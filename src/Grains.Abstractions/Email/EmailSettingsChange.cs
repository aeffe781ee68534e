namespace Runtype.Grains.Email;

/// <summary>
/// A password as the API received it, on its way to being encrypted by the surface's grain. It never prints
/// itself, so a log line or an exception that formats it shows nothing of it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.SecretText")]
public sealed record SecretText([property: Id(0)] string Value)
{
    /// <summary>Records print their members; this one prints nothing of its value.</summary>
    public override string ToString() => "***";
}

/// <summary>What a PUT says of a password: keep the stored one (absent), remove it (null) or set it.</summary>
public enum PasswordChange
{
    Keep = 0,
    Remove = 1,
    Set = 2,
}

/// <summary>One mail server as a PUT names it: the password in clear (<see cref="SecretText"/>) or unchanged.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.MailServerChange")]
public sealed record MailServerChange
{
    [Id(0)] public required string Host { get; init; }
    [Id(1)] public int Port { get; init; }
    [Id(2)] public MailSecurity Security { get; init; }
    [Id(3)] public string? Username { get; init; }
    [Id(4)] public PasswordChange PasswordChange { get; init; }
    [Id(5)] public SecretText? Password { get; init; }
    [Id(6)] public string? Mailbox { get; init; }
    [Id(7)] public string? From { get; init; }
}

/// <summary>The <c>email</c> object of a surface PUT.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.EmailSettingsChange")]
public sealed record EmailSettingsChange
{
    [Id(0)] public MailServerChange? Imap { get; init; }
    [Id(1)] public MailServerChange? Smtp { get; init; }
    [Id(2)] public TimeSpan PollEvery { get; init; } = EmailSettings.DefaultPollEvery;
    [Id(3)] public DateTime? Since { get; init; }
}
