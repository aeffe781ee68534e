using Runtype.Grains.Webhooks;

namespace Runtype.Grains.Email;

/// <summary>
/// What an email surface's grain keeps in grain storage: the mailbox position (<see cref="UidValidity"/>,
/// <see cref="LastUid"/>: every mail up to it is stored), the last poll's outcome, and the outbound sender's place in
/// the owner's event log with its retries (the webhook deliveries' <see cref="DeliveryState"/>).
/// </summary>
[GenerateSerializer, Alias("Runtype.EmailSurfaceState")]
public sealed class EmailSurfaceState
{
    /// <summary>The mailbox the position belongs to (<see cref="MailServerSettings.MailboxIdentity"/>).</summary>
    [Id(0)] public string? MailboxIdentity { get; set; }

    [Id(1)] public uint UidValidity { get; set; }

    [Id(2)] public uint LastUid { get; set; }

    [Id(3)] public MailboxStatus Status { get; set; } = MailboxStatus.Pending;

    [Id(4)] public DateTime? LastPollAt { get; set; }

    [Id(5)] public string? LastError { get; set; }

    [Id(6)] public DeliveryState Outbound { get; set; } = new();

    public EmailSurfaceStatus ToStatus() => new(Status, LastPollAt, LastError);

    /// <summary>Another mailbox, or the same one renumbered (a new UIDVALIDITY): read from its start; the dedupe keeps each mail once.</summary>
    public void StartMailbox(string identity, uint uidValidity)
    {
        MailboxIdentity = identity;
        UidValidity = uidValidity;
        LastUid = 0;
    }
}
