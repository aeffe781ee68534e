using System.Net;
using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Api.Tests.Email;

/// <summary>
/// Outbound messages of email surfaces (docs/email.md, "Sending"), through Exim into the customer's Dovecot
/// mailbox, where each test reads what arrived.
/// </summary>
[Collection(EmailCollection.Name)]
[Trait("Tier", "Full")]
public sealed class EmailSendingTests(EmailApiFactory factory)
{
    private const string Surfaces = "/v1/messaging/surfaces";

    [Fact]
    public async Task An_outbound_message_is_emailed_threaded_and_marked_sent_with_an_event()
    {
        var (client, surface, mailbox, customer) = await ConversationFromMailAsync();
        var conversation = Assert.Single(await MailboxProbe.ConversationsAsync(client, surface, 1)).Conversation.Id();

        var posted = await client.CreateMessageAsync(conversation, """{"content":"Your order ships today.","role":"assistant"}""");
        var messageId = posted.GetProperty("externalMessageId").GetString()!;
        var received = await MailServer.Current.WaitForMailAsync(customer, m => $"<{m.MessageId}>" == messageId, MailboxProbe.Patience);
        var sent = await MailboxProbe.UntilAsync(() => client.ReadJsonAsync($"/v1/messaging/conversations/{conversation}/messages/{posted.Id()}"),
            m => m.GetProperty("delivery").GetProperty("status").GetString() == "sent", "delivery sent");
        var events = await MailboxProbe.UntilAsync(() => client.ReadJsonAsync($"/v1/messaging/events?conversationId={conversation}&limit=100"),
            e => e.GetProperty("data").EnumerateArray().Any(x => x.GetProperty("type").GetString() == "message.delivery_updated"), "the delivery event");

        Assert.Equal("pending", posted.GetProperty("delivery").GetProperty("status").GetString());
        Assert.Matches("^<msg_[0-9A-Z]{26}@", messageId);
        Assert.Equal("Re: Order 7", received.Subject);
        Assert.Equal("order7@customer.example", received.InReplyTo);
        Assert.Contains("order7@customer.example", received.References);
        Assert.Equal(mailbox, received.From.Mailboxes.Single().Address);
        Assert.Equal("Your order ships today.", received.TextBody?.Trim());
        Assert.Equal(1, sent.GetProperty("delivery").GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.String, sent.GetProperty("delivery").GetProperty("sentAt").ValueKind);
        Assert.Contains(events.GetProperty("data").EnumerateArray(), e => e.GetProperty("type").GetString() == "message.delivery_updated"
            && e.GetProperty("data").GetProperty("delivery").GetProperty("status").GetString() == "sent");
    }

    [Fact]
    public async Task A_permanent_refusal_fails_the_delivery_at_once()
    {
        var server = MailServer.Current;
        // The submission port wants AUTH: without a user name, MAIL FROM is refused with a 5xx.
        var smtp = new { host = server.Host, port = server.SubmissionPort, security = "starttls", from = "Support <support@example.test>" };
        var (client, surface, _, _) = await ConversationFromMailAsync(smtp);
        var conversation = Assert.Single(await MailboxProbe.ConversationsAsync(client, surface, 1)).Conversation.Id();

        var posted = await client.CreateMessageAsync(conversation, """{"content":"Will not go out.","role":"assistant"}""");
        var failed = await MailboxProbe.UntilAsync(() => client.ReadJsonAsync($"/v1/messaging/conversations/{conversation}/messages/{posted.Id()}"),
            m => m.GetProperty("delivery").GetProperty("status").GetString() != "pending", "delivery settled");

        var delivery = failed.GetProperty("delivery");
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Contains("SMTP 5", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_down_is_retried_and_the_mail_goes_out_once_it_is_back()
    {
        var server = MailServer.Current;
        var down = new { host = server.Host, port = Ports.Free(), security = "none", from = "Support <support@example.test>" };
        var (client, surface, mailbox, customer) = await ConversationFromMailAsync(down);
        var conversation = Assert.Single(await MailboxProbe.ConversationsAsync(client, surface, 1)).Conversation.Id();

        var posted = await client.CreateMessageAsync(conversation, """{"content":"Second try.","role":"assistant"}""");
        var retrying = await MailboxProbe.UntilAsync(() => client.ReadJsonAsync($"/v1/messaging/conversations/{conversation}/messages/{posted.Id()}"),
            m => m.GetProperty("delivery").GetProperty("attempts").GetInt32() >= 2, "two attempts");
        var up = new { host = server.Host, port = server.SmtpPort, security = "none", from = "Support <support@example.test>" };
        await (await client.PutJsonAsync($"{Surfaces}/{surface}", EmailApiFactory.Settings(mailbox, smtp: up))).ExpectJsonAsync(HttpStatusCode.OK);
        var received = await server.WaitForMailAsync(customer, m => m.TextBody?.Trim() == "Second try.", MailboxProbe.Patience);
        var sent = await MailboxProbe.UntilAsync(() => client.ReadJsonAsync($"/v1/messaging/conversations/{conversation}/messages/{posted.Id()}"),
            m => m.GetProperty("delivery").GetProperty("status").GetString() == "sent", "delivery sent");

        Assert.Equal("pending", retrying.GetProperty("delivery").GetProperty("status").GetString());
        Assert.Equal("connection refused", retrying.GetProperty("delivery").GetProperty("lastError").GetString());
        Assert.Equal($"<{received.MessageId}>", posted.GetProperty("externalMessageId").GetString());
        Assert.True(sent.GetProperty("delivery").GetProperty("attempts").GetInt32() >= 3);
        Assert.Single(await server.ReadInboxAsync(customer), m => m.TextBody?.Trim() == "Second try.");
    }

    [Fact]
    public async Task Messages_that_are_not_outbound_or_not_on_a_sending_surface_have_no_delivery()
    {
        var (client, surface, _, _) = await ConversationFromMailAsync();
        var conversation = Assert.Single(await MailboxProbe.ConversationsAsync(client, surface, 1)).Conversation.Id();
        var plain = await client.CreateConversationAsync();

        var inbound = await client.CreateMessageAsync(conversation, """{"content":"customer note","role":"user"}""");
        var elsewhere = await client.CreateMessageAsync(plain.Id(), """{"content":"agent","role":"assistant"}""");

        Assert.Equal(JsonValueKind.Null, inbound.GetProperty("delivery").ValueKind);
        Assert.Equal(JsonValueKind.Null, elsewhere.GetProperty("delivery").ValueKind);
    }

    /// <summary>A surface whose mailbox got one mail from a new customer, polled into a conversation.</summary>
    private async Task<(HttpClient Client, string Surface, string Mailbox, string Customer)> ConversationFromMailAsync(object? smtp = null)
    {
        var client = factory.ClientFor();
        var surface = $"mail-{Guid.NewGuid():N}";
        var mailbox = MailServer.Current.NewAddress("support");
        var customer = MailServer.Current.NewAddress("customer");
        await (await client.PutJsonAsync($"{Surfaces}/{surface}", EmailApiFactory.Settings(mailbox, smtp: smtp))).ExpectJsonAsync(HttpStatusCode.OK);
        await MailboxProbe.PollAsync(client, surface);
        await MailServer.Current.AppendAsync(mailbox, EmailSurfaceTests.Mail(customer, mailbox, "Order 7", "Where is it?", "<order7@customer.example>"));
        await MailboxProbe.PollAsync(client, surface);
        return (client, surface, mailbox, customer);
    }
}
