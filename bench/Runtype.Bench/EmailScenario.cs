using System.Globalization;

namespace Runtype.Bench;

/// <summary>
/// Email surfaces (issue 28) against the local Dovecot and Exim that bench/run.sh starts, on PostgreSQL with fsync on.
/// Ingest (<see cref="EmailIngest"/>): a mailbox already holding 10,000 mails (RUNTYPE_BENCH_EMAIL_MAILS for another
/// count) read by the surface's first poll with <c>since</c>: mails stored per second, each exactly once, and the API
/// process's memory before and at its peak (the poll holds one batch of mails at a time, so the peak should not grow
/// with the mailbox). Sending (<see cref="EmailSend"/>): 2,000 outbound messages over 100 conversations: messages sent
/// per second and each one's createdAt to sentAt, every Message-ID received once. The main figure sends to Exim's plain
/// SMTP port (<c>security: none</c>, no AUTH), so what is measured is the product's outbox, SMTP transaction and
/// delivery write rather than TLS handshakes (the product opens one connection per message); a second figure sends
/// over STARTTLS with AUTH on the submission port, what a real relay asks for. Each part runs on its own fresh
/// database and API process.
/// </summary>
public static class EmailScenario
{
    public const string MailsVariable = "RUNTYPE_BENCH_EMAIL_MAILS";
    public const int Sends = 2_000;

    public static int Mails => Environment.GetEnvironmentVariable(MailsVariable) is { Length: > 0 } text
        ? int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)
        : 10_000;

    public static string MailsText => Mails.ToString("N0", CultureInfo.InvariantCulture);

    public static async Task<IReadOnlyList<Measurement>> RunAsync(int rounds)
    {
        var ingest = new List<EmailIngest.Result>();
        var plain = new List<EmailSend.Result>();
        var secure = new List<EmailSend.Result>();
        for (var round = 1; round <= rounds; round++)
        {
            var i = await EmailIngest.RunAsync(Mails, seed: round);
            ingest.Add(i);
            Console.WriteLine($"  round {round}: {Mails} mails stored at {i.MailsPerSecond:0} mails/s, missing {i.Missing}, extra {i.Extra}, " +
                $"conversations off by {i.ConversationsOff}; RSS before {i.BaselineMiB:0} MiB, peak {i.PeakMiB:0} MiB");
            foreach (var (list, tls) in new[] { (plain, false), (secure, true) })
            {
                var s = await EmailSend.RunAsync(Sends, tls, seed: round);
                list.Add(s);
                Console.WriteLine($"  round {round}, {(tls ? "STARTTLS + AUTH" : "plain SMTP")}: {s.MessagesPerSecond:0} messages/s, p50 {s.P50:0} ms, " +
                    $"p99 {s.P99:0} ms, not sent {s.NotSent}, not received {s.NotReceived}, extra {s.Extra}");
            }
        }

        // The checks count both ways of sending of a round together.
        var sends = plain.Zip(secure, (a, b) => new EmailSend.Result(0, 0, 0, a.NotSent + b.NotSent, a.NotReceived + b.NotReceived, a.Extra + b.Extra)).ToList();
        return
        [
            new Measurement($"mails stored per second, first poll of {MailsText} mails with since (target >= 300 mails/s)", "mails/s", [.. ingest.Select(i => i.MailsPerSecond)]),
            new Measurement("mails not stored (must be 0)", "mails", [.. ingest.Select(i => i.Missing)]),
            new Measurement("messages beyond one per mail (must be 0)", "messages", [.. ingest.Select(i => i.Extra)]),
            new Measurement("conversations other than one per mail that starts a thread (must be 0)", "conversations", [.. ingest.Select(i => i.ConversationsOff)]),
            new Measurement("API process resident memory before the surface is configured (VmRSS)", "MiB", [.. ingest.Select(i => i.BaselineMiB)]),
            new Measurement($"API process peak resident memory once {MailsText} mails are stored (VmHWM)", "MiB", [.. ingest.Select(i => i.PeakMiB)]),
            new Measurement($"outbound messages sent per second, plain SMTP ({Sends:N0}, first POST to last sent)", "msg/s", [.. plain.Select(s => s.MessagesPerSecond)]),
            new Measurement("createdAt to sentAt, plain SMTP, p50", "ms", [.. plain.Select(s => s.P50)]),
            new Measurement("createdAt to sentAt, plain SMTP, p99", "ms", [.. plain.Select(s => s.P99)]),
            new Measurement($"outbound messages sent per second, STARTTLS with AUTH ({Sends:N0})", "msg/s", [.. secure.Select(s => s.MessagesPerSecond)]),
            new Measurement("createdAt to sentAt, STARTTLS with AUTH, p50", "ms", [.. secure.Select(s => s.P50)]),
            new Measurement("createdAt to sentAt, STARTTLS with AUTH, p99", "ms", [.. secure.Select(s => s.P99)]),
            new Measurement("messages not marked sent, both ways (must be 0)", "messages", [.. sends.Select(s => s.NotSent)]),
            new Measurement("Message-IDs missing from the customers' inboxes, both ways (must be 0)", "messages", [.. sends.Select(s => s.NotReceived)]),
            new Measurement("mails received beyond one per message, both ways (must be 0)", "mails", [.. sends.Select(s => s.Extra)]),
        ];
    }
}
