namespace Runtype.Grains.Email;

/// <summary>One mail read by a poll: its place in the mailbox, when it arrived there, and what it says.</summary>
internal sealed record PolledMail(uint Uid, DateTime ArrivedAt, InboundMail Mail);
