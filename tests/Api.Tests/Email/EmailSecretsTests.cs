using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Runtype.Testing;

namespace Runtype.Api.Tests.Email;

/// <summary>
/// The mail passwords are in no answer, log line, exception, event, trace or table (docs/email.md): a whole round of
/// use (configure, poll, send, read back) and then a search of everything the host produced for both passwords.
/// </summary>
[Collection(EmailCollection.Name)]
[Trait("Tier", "Full")]
public sealed class EmailSecretsTests(EmailApiFactory factory)
{
    [Fact]
    public async Task The_passwords_are_in_no_answer_log_event_trace_or_table()
    {
        var traces = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => traces.Enqueue(string.Join('\n', activity.DisplayName, string.Join(';', activity.TagObjects.Select(t => $"{t.Key}={t.Value}")),
                string.Join(';', activity.Events.Select(e => $"{e.Name} {string.Join(',', e.Tags.Select(t => $"{t.Key}={t.Value}"))}")))),
        };
        ActivitySource.AddActivityListener(listener);
        var server = MailServer.Current;
        using var client = factory.ClientFor();
        var surface = $"mail-{Guid.NewGuid():N}";
        var mailbox = server.NewAddress("secrets");
        var customer = server.NewAddress("customer");
        var answers = new List<string>();

        using (var put = await client.PutJsonAsync($"/v1/messaging/surfaces/{surface}", EmailApiFactory.Settings(mailbox)))
        {
            answers.Add(await put.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await MailboxProbe.PollAsync(client, surface);
        await server.AppendAsync(mailbox, EmailSurfaceTests.Mail(customer, mailbox, "Help", "Hello", "<secrets@customer.example>"));
        answers.Add((await MailboxProbe.PollAsync(client, surface)).GetRawText());
        var conversation = Assert.Single(await MailboxProbe.ConversationsAsync(client, surface, 1)).Conversation.Id();
        var posted = await client.CreateMessageAsync(conversation, """{"content":"On its way.","role":"assistant"}""");
        await server.WaitForMailAsync(customer, m => m.TextBody?.Trim() == "On its way.", MailboxProbe.Patience);
        answers.Add((await MailboxProbe.UntilAsync(() => client.ReadJsonAsync($"/v1/messaging/conversations/{conversation}/messages/{posted.Id()}"),
            m => m.GetProperty("delivery").GetProperty("status").GetString() == "sent", "sent")).GetRawText());
        answers.Add(await client.GetStringAsync($"/v1/messaging/events?conversationId={conversation}&limit=100"));
        answers.Add(await client.GetStringAsync($"/v1/messaging/surfaces/{surface}"));

        foreach (var secret in new[] { server.Password, server.SmtpPassword })
        {
            Assert.DoesNotContain(answers, a => a.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, factory.Logs.Text(), StringComparison.Ordinal);
            Assert.DoesNotContain(traces, t => t.Contains(secret, StringComparison.Ordinal));
            if (factory.Database is { } database)
            {
                Assert.Empty(await DatabaseScan.FindAsync(database, secret));
            }
        }

        Assert.NotEmpty(traces);
    }
}
