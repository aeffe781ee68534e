using System.Diagnostics;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// One round of the email scenario's ingest: a fresh database and API process, a fresh mailbox filled with
/// <see cref="BenchMails"/> before the surface exists, then the surface PUT with <c>since</c> 31 days back so its first
/// poll reads every mail. Timed from the PUT's answer until the database holds every mail (counted every 50 ms), then
/// one more poll asked for, which must add nothing: every mail's Message-ID once, nothing else. Memory: the API process's resident memory just before the PUT, and
/// its high-water mark (VmHWM) once the last mail is stored.
/// </summary>
public static class EmailIngest
{
    private const string Inbound = "SELECT count(*) FROM runtype_messages WHERE direction = 0";

    public sealed record Result(double MailsPerSecond, double Missing, double Extra, double ConversationsOff, double BaselineMiB, double PeakMiB);

    public static async Task<Result> RunAsync(int mails, int seed)
    {
        var server = EmailBench.Servers();
        await using var database = await BenchDatabase.FreshAsync();
        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: EmailBench.Settings());
        using var client = api.Client();

        var mailbox = server.NewAddress("ingest");
        var generator = new BenchMails(seed);
        var generated = generator.Generate(mailbox, mails);
        var ids = generated.Select(m => $"<{m.MessageId}>").ToHashSet(StringComparer.Ordinal);
        await server.AppendManyAsync(mailbox, generated);
        generated.Clear();

        var baseline = MemoryScenario.Memory(api.ProcessId).ResidentMiB;
        await EmailBench.PutSurfaceAsync(client, mailbox, DateTimeOffset.UtcNow.AddDays(-31), smtp: null);
        var started = Stopwatch.GetTimestamp();
        var stored = await EmailBench.WaitForAsync(() => EmailBench.ScalarAsync(database.ConnectionString, Inbound), n => n >= mails,
            TimeSpan.FromSeconds(Math.Max(120, mails / 20.0)), TimeSpan.FromMilliseconds(50));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var peak = MemoryScenario.Memory(api.ProcessId).PeakMiB;
        if (stored < mails)
        {
            Console.WriteLine($"    only {stored} of {mails} mails stored in {seconds:0} s; the server said:\n{api.Output}");
        }
        else
        {
            await EmailBench.PollOnceMoreAsync(client);
        }

        var external = await EmailBench.ColumnAsync<string>(database.ConnectionString,
            "SELECT external_message_id FROM runtype_messages WHERE direction = 0");
        var missing = ids.Except(external, StringComparer.Ordinal).Count();
        var extra = external.Count - (ids.Count - missing); // a mail stored twice, or a message no mail should have become

        var conversations = await EmailBench.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM runtype_conversations");
        return new Result(stored >= mails ? mails / seconds : double.NaN, missing, extra, Math.Abs(conversations - generator.Threads), baseline, peak);
    }
}
