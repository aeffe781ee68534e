using System.Net;
using System.Text;
using System.Text.Json;
using MimeKit;
using Runtype.Testing;

namespace Runtype.Api.Tests.Email;

/// <summary>
/// Email surfaces against real servers (docs/email.md): Dovecot holds the mailbox the surface polls over IMAP, and
/// Exim takes what it sends and delivers it into the recipient's Dovecot mailbox, where the test reads it back.
/// Each test has mailboxes of its own (any address logs in).
/// </summary>
[Collection(EmailCollection.Name)]
[Trait("Tier", "Full")]
public sealed class EmailSurfaceTests(EmailApiFactory factory)
{
    private const string Surfaces = "/v1/messaging/surfaces";

    [Fact]
    public async Task A_mail_starts_a_conversation_and_a_reply_joins_its_thread()
    {
        var (client, surface, mailbox) = await NewSurfaceAsync();
        var customer = MailServer.Current.NewAddress("alice");
        var first = Mail(customer, mailbox, "Order 42 is late", "Where is my order?", "<order42@customer.example>");
        await MailServer.Current.AppendAsync(mailbox, first);
        await MailboxProbe.PollAsync(client, surface);
        var reply = Mail(customer, mailbox, "Re: Order 42 is late", "Any news?", "<order42-2@customer.example>");
        reply.InReplyTo = "order42@customer.example";
        reply.References.Add("order42@customer.example");
        await MailServer.Current.AppendAsync(mailbox, reply);
        await MailboxProbe.PollAsync(client, surface);

        var all = await MailboxProbe.ConversationsAsync(client, surface, 2);

        var (conversation, messages) = Assert.Single(all);
        Assert.Equal("Order 42 is late", conversation.GetProperty("subject").GetString());
        Assert.Equal(customer, conversation.GetProperty("participantEmail").GetString());
        Assert.Equal("<order42@customer.example>", conversation.GetProperty("externalThreadId").GetString());
        Assert.Equal(["Where is my order?", "Any news?"], messages.Select(m => m.GetProperty("content").GetString()!.Trim()));
        Assert.All(messages, m => Assert.Equal("user", m.GetProperty("role").GetString()));
        Assert.All(messages, m => Assert.Equal("inbound", m.GetProperty("direction").GetString()));
        Assert.Equal("<order42-2@customer.example>", messages[1].GetProperty("externalMessageId").GetString());
        var metadata = messages[0].GetProperty("metadata");
        Assert.Contains(customer, metadata.GetProperty("from").GetString(), StringComparison.Ordinal);
        Assert.Equal("Order 42 is late", metadata.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Html_only_multipart_and_odd_charsets_become_text_and_a_malformed_mail_does_not_stop_the_poll()
    {
        var (client, surface, mailbox) = await NewSurfaceAsync();
        var html = Mail("bob@customer.example", mailbox, "HTML only", "", null);
        html.Body = new TextPart("html") { Text = "<p>Hello <b>there</b> &amp; welcome</p>" };
        var multipart = Mail("carol@customer.example", mailbox, "Both", "", null);
        var alternative = new MultipartAlternative { new TextPart("plain") { Text = "plain wins" }, new TextPart("html") { Text = "<p>html loses</p>" } };
        multipart.Body = new Multipart("mixed") { alternative, new MimePart("application", "pdf") { Content = new MimeContent(new MemoryStream(new byte[1234])), FileName = "invoice.pdf" } };
        var latin = Mail("dave@customer.example", mailbox, "Grüße", "", null);
        var koi8 = new TextPart("plain");
        koi8.SetText(Encoding.GetEncoding("koi8-r"), "Привет, мир");
        latin.Body = koi8;
        await MailServer.Current.AppendAsync(mailbox, html);
        await RawMail.DeliverAsync(MailServer.Current, mailbox, "Subject: broken\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@\r\n"u8.ToArray());
        await MailServer.Current.AppendAsync(mailbox, multipart);
        await MailServer.Current.AppendAsync(mailbox, latin);
        await MailboxProbe.PollAsync(client, surface);

        var messages = (await MailboxProbe.ConversationsAsync(client, surface, 4)).SelectMany(c => c.Messages).ToList();

        Assert.Equal(4, messages.Count);
        var contents = messages.Select(m => m.GetProperty("content").GetString()!).ToList();
        Assert.Contains(contents, c => c.Contains("Hello there & welcome", StringComparison.Ordinal) && !c.Contains('<', StringComparison.Ordinal));
        Assert.Contains(contents, c => c.Trim() == "plain wins");
        Assert.Contains(contents, c => c.Trim() == "Привет, мир");
        Assert.Contains(messages, m => m.GetProperty("metadata").TryGetProperty("unparsable", out var u) && u.GetBoolean()
            || m.GetProperty("metadata").GetProperty("subject").GetString() == "broken");
        var withAttachment = messages.Single(m => m.GetProperty("content").GetString()!.Trim() == "plain wins");
        var attachment = Assert.Single(withAttachment.GetProperty("metadata").GetProperty("attachments").EnumerateArray());
        Assert.Equal("invoice.pdf", attachment.GetProperty("filename").GetString());
        Assert.Equal(1234, attachment.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Mail_from_before_the_configuration_is_read_only_when_since_asks_and_then_with_its_own_date()
    {
        var mailbox = MailServer.Current.NewAddress("since");
        var old = Mail("erin@customer.example", mailbox, "Old question", "From last week", "<old@customer.example>");
        var arrived = DateTimeOffset.UtcNow.AddDays(-3);
        await MailServer.Current.AppendAsync(mailbox, old, arrived);
        using var client = factory.ClientFor();
        var surface = $"mail-{Guid.NewGuid():N}";
        await (await client.PutJsonAsync($"{Surfaces}/{surface}", EmailApiFactory.Settings(mailbox))).ExpectJsonAsync(HttpStatusCode.OK);

        await MailboxProbe.PollAsync(client, surface);
        var before = await MailboxProbe.ReadAllAsync(client, surface);
        await (await client.PutJsonAsync($"{Surfaces}/{surface}", EmailApiFactory.Settings(mailbox, since: arrived.AddDays(-1).ToString("O")))).ExpectJsonAsync(HttpStatusCode.OK);
        await MailboxProbe.PollAsync(client, surface);
        var after = await MailboxProbe.ConversationsAsync(client, surface, 1);

        Assert.Empty(before);
        var message = Assert.Single(Assert.Single(after).Messages);
        Assert.Equal(arrived.UtcDateTime, message.GetProperty("createdAt").GetDateTime().ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Polls_asked_for_at_once_and_again_store_each_mail_once()
    {
        var (client, surface, mailbox) = await NewSurfaceAsync();
        await MailServer.Current.AppendManyAsync(mailbox, Enumerable.Range(0, 40).Select(i => Mail($"p{i % 7}@customer.example", mailbox, $"Topic {i % 7}", $"mail {i}", $"<m{i}@customer.example>")));

        var polls = Enumerable.Range(0, 6).Select(_ => client.PostAsync($"{Surfaces}/{surface}/poll", null)).ToList();
        foreach (var poll in polls)
        {
            using var response = await poll;
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await (await client.PutJsonAsync($"{Surfaces}/{surface}", EmailApiFactory.Settings(mailbox))).ExpectJsonAsync(HttpStatusCode.OK);
        await MailboxProbe.PollAsync(client, surface);
        var all = await MailboxProbe.ConversationsAsync(client, surface, 40);
        await MailboxProbe.PollAsync(client, surface);
        var again = await MailboxProbe.ReadAllAsync(client, surface);

        var contents = again.SelectMany(c => c.Messages).Select(m => m.GetProperty("content").GetString()!.Trim()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"mail {i}").Order(StringComparer.Ordinal), contents);
        Assert.Equal(40, all.Sum(c => c.Messages.Count));
    }

    [Fact]
    public async Task A_wrong_password_is_an_error_that_never_shows_the_password()
    {
        const string wrong = "wrong-pw-8Hq2Lz-secret";
        using var client = factory.ClientFor();
        var surface = $"mail-{Guid.NewGuid():N}";
        var mailbox = MailServer.Current.NewAddress("wrongpw");
        await (await client.PutJsonAsync($"{Surfaces}/{surface}", EmailApiFactory.Settings(mailbox, imapPassword: wrong))).ExpectJsonAsync(HttpStatusCode.OK);

        var status = await MailboxProbe.PollAsync(client, surface);
        using var events = await client.GetAsync("/v1/messaging/events?limit=100");
        var feed = await events.Content.ReadAsStringAsync();

        var email = status.GetProperty("email");
        Assert.Equal("error", email.GetProperty("status").GetString());
        Assert.Contains("authentication", email.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, status.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, feed, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, factory.Logs.Text(), StringComparison.Ordinal);
        if (factory.Database is { } database)
        {
            Assert.Empty(await DatabaseScan.FindAsync(database, wrong));
        }
    }

    private async Task<(HttpClient Client, string Surface, string Mailbox)> NewSurfaceAsync()
    {
        var client = factory.ClientFor();
        var surface = $"mail-{Guid.NewGuid():N}";
        var mailbox = MailServer.Current.NewAddress("support");
        await (await client.PutJsonAsync($"{Surfaces}/{surface}", EmailApiFactory.Settings(mailbox))).ExpectJsonAsync(HttpStatusCode.OK);
        await MailboxProbe.PollAsync(client, surface); // The first poll fixes the mailbox's start: mail appended now is new.
        return (client, surface, mailbox);
    }

    internal static MimeMessage Mail(string from, string to, string subject, string text, string? messageId)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(from));
        mail.To.Add(MailboxAddress.Parse(to));
        mail.Subject = subject;
        mail.Body = new TextPart("plain") { Text = text };
        if (messageId is not null)
        {
            mail.MessageId = messageId.Trim('<', '>');
        }

        return mail;
    }
}
