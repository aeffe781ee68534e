using System.Globalization;
using System.Text.Json;
using MimeKit;
using Runtype.Api.Tests.Email;
using Runtype.Testing;

namespace Runtype.Api.Tests.Model.Email;

/// <summary>
/// The real side of the email model test: a surface of its own reading a mailbox of its own on the test Dovecot. At
/// the end (<see cref="Final"/>) it polls once more, waits for a poll that began after every operation, and reads the
/// mailbox in UID order and what the API holds: every conversation of the surface with its messages' external ids.
/// </summary>
internal sealed class EmailUnderTest(ApiFactory factory, HttpClient client) : ApiUnderTest(factory, client, "owner-a")
{
    private static int _samples;
    private EmailFinal? _read;

    public string Sample { get; } = string.Create(CultureInfo.InvariantCulture, $"em{Interlocked.Increment(ref _samples)}-{Guid.NewGuid().ToString("N")[..8]}");

    public string Surface => $"mail-{Sample}";

    public string Mailbox => $"{Sample}@{MailServer.Current.Domain}";

    public EmailFinal Final => _read ??= ReadFinalAsync(this).GetAwaiter().GetResult();

    /// <summary>The Message-ID of mail <paramref name="n"/> of this sample.</summary>
    public string MessageId(int n) => $"m{n}.{Sample}@customer.example";

    protected override async Task SetUpAsync()
    {
        using var put = await SendAsync(HttpMethod.Put, $"/v1/messaging/surfaces/{Surface}", EmailApiFactory.Settings(Mailbox, pollEvery: "PT10S"));
        if (!put.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT surface answered {(int)put.StatusCode}");
        }

        await MailboxProbe.PollAsync(Client, Surface);
    }

    protected override string ScopedKey(string key) => $"{Sample}-{key}";

    public async Task DeliverAsync(int n, int? replyTo)
    {
        var mail = new MimeMessage { Subject = $"mail {n}", MessageId = MessageId(n), Body = new TextPart("plain") { Text = $"body {n}" } };
        mail.From.Add(MailboxAddress.Parse($"c{n}@customer.example"));
        mail.To.Add(MailboxAddress.Parse(Mailbox));
        if (replyTo is { } parent)
        {
            mail.InReplyTo = MessageId(parent);
            mail.References.Add(MessageId(parent));
        }

        await MailServer.Current.AppendAsync(Mailbox, mail);
    }

    private static async Task<EmailFinal> ReadFinalAsync(EmailUnderTest actual)
    {
        await MailboxProbe.PollAsync(actual.Client, actual.Surface);
        var mailbox = (await MailServer.Current.ReadInboxAsync(actual.Mailbox))
            .Select(m => new ModelMail($"<{m.MessageId}>", m.InReplyTo is { } parent ? $"<{parent}>" : null)).ToList();
        var conversations = (await MailboxProbe.ReadAllAsync(actual.Client, actual.Surface))
            .Select(c => c.Messages.Select(m => m.GetProperty("externalMessageId").GetString()!).ToList()).ToList();
        return new EmailFinal(mailbox, conversations, [.. actual.Violations]);
    }

    public override string ToString() => _read is null ? $"{Sample} (not read)" : $"{Sample}: {_read}";
}

/// <summary>One mail as delivered: its Message-ID and the one it replies to.</summary>
internal sealed record ModelMail(string Id, string? ReplyTo);

/// <summary>What the sample ended with: the mailbox in UID order and the surface's conversations (their messages' external ids, oldest first).</summary>
internal sealed record EmailFinal(IReadOnlyList<ModelMail> Mailbox, IReadOnlyList<List<string>> Conversations, IReadOnlyList<string> Violations)
{
    public override string ToString() =>
        $"mailbox [{string.Join(", ", Mailbox.Select(m => m.ReplyTo is null ? m.Id : $"{m.Id}->{m.ReplyTo}"))}] conversations [{string.Join(" | ", Conversations.Select(c => string.Join(", ", c)))}]";
}
