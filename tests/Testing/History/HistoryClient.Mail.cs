using System.Globalization;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Runtype.Testing.History;

/// <summary>
/// The email side of a client (a history with <see cref="HistoryOptions.Mail"/>): mail put into the surface's mailbox
/// as a customer's mail program would send it (new threads, replies to earlier mails and to the service's own mails,
/// the same mail twice), and polls asked for. What the service emails comes from the ordinary posts.
/// </summary>
public sealed partial class HistoryClient
{
    /// <summary>The percentage of operations that are mail operations, taken before the usual mix.</summary>
    private const int MailShare = 3;

    /// <summary>Where a mail client's Message-IDs come from (reserved for tests, RFC 2606).</summary>
    private const string MailDomain = "customer.history.example.test";

    /// <summary>
    /// The client's IMAP session to the surface's mailbox, opened at its first mail and kept (plain IMAP: a TLS
    /// handshake and a login per mail cost the shared cores more than the service's own work on the mail).
    /// </summary>
    private ImapClient? _imap;

    /// <summary>Registers the owner's email surface: its mailbox polled every 10 s (the least allowed), mail in and out in plain text.</summary>
    public async Task ConfigureSurfaceAsync()
    {
        var box = _world.Mailbox ?? throw new InvalidOperationException("This history has no email.");
        var server = _options.Mail!;
        var body = new JsonObject
        {
            ["name"] = "History support",
            ["type"] = "email",
            ["email"] = new JsonObject
            {
                ["imap"] = new JsonObject
                {
                    ["host"] = server.Host, ["port"] = server.ImapPort, ["security"] = "none",
                    ["username"] = box.Support, ["password"] = MailServer.Current.Password,
                },
                ["smtp"] = new JsonObject { ["host"] = server.Host, ["port"] = server.SmtpPort, ["security"] = "none", ["from"] = $"History support <{box.Support}>" },
                ["pollEvery"] = "PT10S",
            },
        }.ToJsonString();
        var op = _recorder.Begin(new Operation
        {
            Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.ConfigureSurface, Requested = box.SurfaceId,
        });
        var answer = await _http.ExchangeAsync(op, 0, () => HistoryHttp.Json(HttpMethod.Put, Paths.Surface(box.SurfaceId), body), Retry.UntilResolved);
        Read(op, answer);
        if (!answer.IsSuccess)
        {
            throw new InvalidOperationException($"Could not register the email surface of {_world.Owner.Name} (seed {_options.Seed}): {answer.Status} {answer.Error} {answer.Body}");
        }
    }

    /// <summary>Three in four mail operations put a mail into the mailbox, one asks for a poll.</summary>
    private Task MailOperationAsync() => _random.Next(4) == 0 ? PollMailboxAsync() : DeliverMailAsync();

    private async Task DeliverMailAsync()
    {
        var box = _world.Mailbox!;
        var id = _recorder.NextId();
        var token = Token(id);
        var text = $"{token} {string.Join(' ', Enumerable.Range(0, _random.Next(1, 6)).Select(_ => Words[_random.Next(Words.Length)]))}";
        var date = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var messageId = $"{token}@{MailDomain}";
        var roll = _random.Next(100);
        // Half the repeats are of a mail that joined a client's conversation: archived since, only the poll's dedupe
        // on Message-ID keeps the repeat from starting a conversation of its own.
        var mail = roll switch
        {
            < 10 when _world.PickMail(_random, answeringOutbound: roll < 5) is { } earlier => earlier with { RepeatOf = earlier.MessageId },
            < 55 when _world.PickMail(_random) is { } parent =>
                new SentMail(messageId, parent.MessageId, [.. parent.References, parent.MessageId], Reply(parent.Subject), text, date, null),
            < 75 when _world.PickOutboundId(_random) is { } outbound =>
                new SentMail(messageId, outbound, [outbound], "Re: answer " + token, text, date, null),
            _ => new SentMail(messageId, null, [], "mail-" + token, text, date, null),
        };
        var op = _recorder.Begin(new Operation
        {
            Id = id, Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.DeliverMail, Requested = mail.MessageId, Mail = mail,
        });
        try
        {
            _imap ??= await MailServer.Current.ConnectImapAsync(box.Support, SecureSocketOptions.None);
            await _imap.Inbox.AppendAsync(new AppendRequest(mail.ToMime(box.Customer, box.Support)));
            op.Outcome = WriteOutcome.Applied;
            _world.LearnMail(mail);
        }
        catch (Exception ex) when (ex is IOException or ProtocolException or CommandException or System.Net.Sockets.SocketException or AuthenticationException)
        {
            // The mailbox is the truth the checker reads at the end; this only notes why the client could not say.
            op.Outcome = WriteOutcome.Unknown;
            op.Note = "append failed: " + ex.Message;
            _imap?.Dispose();
            _imap = null;
        }

        op.End = _recorder.Now();
    }

    private async Task PollMailboxAsync()
    {
        var surface = _world.Mailbox!.SurfaceId;
        var op = _recorder.Begin(new Operation
        {
            Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.PollMailbox, Requested = surface,
        });
        var answer = await _http.ExchangeAsync(op, 0, () => new HttpRequestMessage(HttpMethod.Post, Paths.Poll(surface)), Retry.UntilResolved);
        Read(op, answer);
    }

    /// <summary>The body of a conversation on the email surface, or on another one, as the client chose.</summary>
    private (string Surface, string? Participant) ChooseSurface(bool? onEmailSurface)
    {
        var surface = Surfaces[_random.Next(Surfaces.Length)];
        return _world.Mailbox is { } box && (onEmailSurface ?? _random.Next(4) == 0) ? (box.SurfaceId, box.Customer) : (surface, null);
    }

    private static string Reply(string subject) =>
        subject.StartsWith("Re: ", StringComparison.Ordinal) ? subject : string.Create(CultureInfo.InvariantCulture, $"Re: {subject}");
}
