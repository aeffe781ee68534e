using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// One round of the email scenario's sending: a fresh database and API process, 100 customers (each a real mailbox
/// on the local Dovecot) who each wrote one mail to the support mailbox, polled into 100 conversations; then 2,000
/// outbound messages (role assistant) POSTed round robin over them, 64 at a time. Timed from the first POST until the
/// database shows every message's delivery <c>sent</c> (counted every 50 ms); each message's sentAt - createdAt as
/// its latency. Then every customer's inbox is read back: each message's Message-ID must be there exactly once.
/// </summary>
public static class EmailSend
{
    private const int Customers = 100;
    private const int InFlight = 64;
    private const string Sent = "SELECT count(*) FROM runtype_messages WHERE direction = 1 AND delivery::jsonb->>'status' = 'sent'";
    private const string Latencies =
        "SELECT (EXTRACT(EPOCH FROM ((delivery::jsonb->>'sentAt')::timestamptz - created_at)) * 1000)::float8 FROM runtype_messages " +
        "WHERE direction = 1 AND delivery::jsonb->>'status' = 'sent'";

    public sealed record Result(double MessagesPerSecond, double P50, double P99, double NotSent, double NotReceived, double Extra);

    /// <param name="secure">STARTTLS and AUTH on the submission port; otherwise the plain port without either.</param>
    public static async Task<Result> RunAsync(int messages, bool secure, int seed)
    {
        var server = EmailBench.Servers();
        await using var database = await BenchDatabase.FreshAsync();
        await using var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString, settings: EmailBench.Settings());
        using var client = api.Client();

        var mailbox = server.NewAddress("support");
        var customers = Enumerable.Range(0, Customers).Select(i => server.NewAddress($"customer{i}")).ToList();
        var generator = new BenchMails(seed);
        await server.AppendManyAsync(mailbox, customers.Select(c => generator.FirstFrom(c, mailbox)));
        object smtp = secure
            ? new { host = server.Host, port = server.SubmissionPort, security = "starttls", username = server.SmtpUser, password = server.SmtpPassword, from = $"Support <{mailbox}>" }
            : new { host = server.Host, port = server.SmtpPort, security = "none", from = $"Support <{mailbox}>" };
        await EmailBench.PutSurfaceAsync(client, mailbox, DateTimeOffset.UtcNow.AddHours(-1), smtp);
        var polled = await EmailBench.WaitForAsync(() => EmailBench.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM runtype_messages WHERE direction = 0"),
            n => n >= Customers, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(100));
        var conversations = await ConversationsAsync(client);
        if (polled < Customers || conversations.Count != Customers)
        {
            throw new InvalidOperationException($"The customers' {Customers} mails became {polled} messages in {conversations.Count} conversations:\n{api.Output}");
        }

        var text = new SearchText(seed);
        var bodies = Enumerable.Range(0, messages).Select(_ => $$"""{"content":{{JsonSerializer.Serialize(text.Next())}},"role":"assistant"}""").ToList();
        var started = Stopwatch.GetTimestamp();
        var expected = await PostAsync(client, conversations, bodies);
        var sent = await EmailBench.WaitForAsync(() => EmailBench.ScalarAsync(database.ConnectionString, Sent), n => n >= messages,
            TimeSpan.FromSeconds(Math.Max(120, messages / 10.0)), TimeSpan.FromMilliseconds(50));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (sent < messages)
        {
            Console.WriteLine($"    only {sent} of {messages} messages sent in {seconds:0} s; the server said:\n{api.Output}");
        }

        var latencies = await EmailBench.ColumnAsync<double>(database.ConnectionString, Latencies);
        var received = await EmailBench.WaitForAsync(() => ReceivedAsync(server, customers), r => r.Count >= messages,
            TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1));
        var notReceived = expected.Except(received, StringComparer.Ordinal).Count();
        return new Result(sent >= messages ? messages / seconds : double.NaN,
            Measurement.PercentileOf(latencies, 0.50), Measurement.PercentileOf(latencies, 0.99),
            messages - sent, notReceived, received.Count - (expected.Count - notReceived));
    }

    /// <summary>Posts every body round robin over the conversations, <see cref="InFlight"/> at a time; returns the Message-IDs the 201s gave.</summary>
    private static async Task<List<string>> PostAsync(HttpClient client, List<string> conversations, List<string> bodies)
    {
        var ids = new string[bodies.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async _ =>
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < bodies.Count)
            {
                using var content = new StringContent(bodies[k], Encoding.UTF8, "application/json");
                using var response = await client.PostAsync($"/v1/messaging/conversations/{conversations[k % conversations.Count]}/messages", content);
                var answer = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"An outbound POST was answered {(int)response.StatusCode}: {answer}");
                }

                ids[k] = JsonDocument.Parse(answer).RootElement.GetProperty("externalMessageId").GetString()!;
            }
        }));
        return [.. ids];
    }

    private static async Task<List<string>> ConversationsAsync(HttpClient client)
    {
        var page = JsonDocument.Parse(await client.GetStringAsync(
            string.Create(CultureInfo.InvariantCulture, $"/v1/messaging/conversations?surfaceId={EmailBench.SurfaceId}&limit={Customers}"))).RootElement;
        return [.. page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
    }

    /// <summary>The Message-IDs (as the API writes them, in angle brackets) of every mail in the customers' inboxes.</summary>
    private static async Task<List<string>> ReceivedAsync(MailServer server, List<string> customers)
    {
        var ids = new List<string>();
        foreach (var customer in customers)
        {
            ids.AddRange((await server.ReadInboxAsync(customer)).Select(m => $"<{m.MessageId}>"));
        }

        return ids;
    }
}
