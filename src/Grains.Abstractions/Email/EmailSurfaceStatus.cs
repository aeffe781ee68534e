namespace Runtype.Grains.Email;

/// <summary>How a surface's mailbox fares: not polled yet, last poll succeeded, or last poll failed.</summary>
public enum MailboxStatus
{
    Pending = 1,
    Ok = 2,
    Error = 3,
}

/// <summary>The status part of a surface's <c>email</c> answer.</summary>
/// <param name="LastError">The last failure in words (authentication refused, host not found, ...), never a password.</param>
[GenerateSerializer, Immutable, Alias("Runtype.EmailSurfaceStatus")]
public sealed record EmailSurfaceStatus(
    [property: Id(0)] MailboxStatus Status,
    [property: Id(1)] DateTime? LastPollAt,
    [property: Id(2)] string? LastError)
{
    public static readonly EmailSurfaceStatus Pending = new(MailboxStatus.Pending, null, null);
}
