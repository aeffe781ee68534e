namespace Runtype.Client;

/// <summary>
/// The <c>email</c> settings of a surface of type <c>email</c> (<see cref="PutSurfaceRequest.Email"/>): the mailbox
/// read into conversations and the server outbound messages are emailed through. Either may be null (send-only,
/// receive-only). Fields left null are not sent, so the API's defaults apply.
/// </summary>
public sealed record EmailSettings
{
    /// <summary>The mailbox polled into conversations (each mail one inbound message, threaded by its headers).</summary>
    public MailServerSettings? Imap { get; init; }

    /// <summary>The server outbound messages are emailed through; <see cref="MailServerSettings.From"/> is required here.</summary>
    public MailServerSettings? Smtp { get; init; }

    /// <summary>The time between polls, from 10 seconds to an hour, in whole seconds; one minute when null.</summary>
    public TimeSpan? PollEvery { get; init; }

    /// <summary>
    /// Also read mail that arrived since then, imported with its own dates. When null, the first configuration of a
    /// mailbox reads only mail newer than itself.
    /// </summary>
    public DateTimeOffset? Since { get; init; }
}
