using MimeKit;
using Runtype.Grains.Email;

namespace Runtype.Grains.Tests.Email;

/// <summary>A reply composed for SMTP, checked by writing it out and reading it back with MimeKit as a receiving mail program would.</summary>
public sealed class OutboundMailTests
{
    private static readonly DateTimeOffset Sent = new(2026, 1, 7, 9, 15, 0, TimeSpan.Zero);

    [Fact]
    public void A_reply_carries_sender_recipient_subject_threading_id_date_and_a_utf8_text_body()
    {
        var messageId = OutboundMail.MessageIdFor("msg_01JH", "Support <support@example.com>");
        var reply = RoundTrip(OutboundMail.Compose(
            from: "Support <support@example.com>", toAddress: "jane@example.org", toName: "Jane Doe", subject: "Printer",
            inReplyTo: "<reply-2@mail.example.org>", references: ["<root@mail.example.org>", "<first@mail.example.org>"],
            messageId: messageId, date: Sent, body: "Grüße — 你好\nSecond line"));

        var from = Assert.IsType<MailboxAddress>(Assert.Single(reply.From));
        Assert.Equal(("Support", "support@example.com"), (from.Name, from.Address));
        var to = Assert.IsType<MailboxAddress>(Assert.Single(reply.To));
        Assert.Equal(("Jane Doe", "jane@example.org"), (to.Name, to.Address));
        Assert.Equal("Re: Printer", reply.Subject);
        Assert.Equal("reply-2@mail.example.org", reply.InReplyTo);
        Assert.Equal(["root@mail.example.org", "first@mail.example.org", "reply-2@mail.example.org"], reply.References);
        Assert.Equal("msg_01JH@example.com", reply.MessageId);
        Assert.Equal(Sent, reply.Date);

        var body = Assert.IsType<TextPart>(reply.Body);
        Assert.True(body.IsPlain);
        Assert.Equal("utf-8", body.ContentType.Charset);
        Assert.Contains(body.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
        Assert.Equal("Grüße — 你好\nSecond line", body.Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_reply_read_back_as_inbound_mail_threads_under_the_same_root()
    {
        var messageId = OutboundMail.MessageIdFor("msg_01JH", "support@example.com");
        var composed = OutboundMail.Compose("support@example.com", "jane@example.org", null, "Printer",
            "<first@mail.example.org>", ["<root@mail.example.org>"], messageId, Sent, "Fixed.");
        using var raw = new MemoryStream();
        composed.WriteTo(raw);
        raw.Position = 0;

        var read = InboundMail.Read(raw);

        Assert.Equal("<msg_01JH@example.com>", read.MessageId);
        Assert.Equal("<root@mail.example.org>", read.ThreadRoot);
        Assert.Equal(["<first@mail.example.org>"], read.InReplyTo);
        Assert.Equal("Fixed.", read.Content);
    }

    [Theory]
    [InlineData("Printer", "Re: Printer")]
    [InlineData("Re: Printer", "Re: Printer")]
    [InlineData("RE: Printer", "RE: Printer")]
    [InlineData("re : Printer", "re : Printer")]
    [InlineData("Re[2]: Printer", "Re[2]: Printer")]
    [InlineData("Reply needed", "Re: Reply needed")]
    [InlineData("  Printer  ", "Re: Printer")]
    [InlineData("", "Re: (no subject)")]
    [InlineData(null, "Re: (no subject)")]
    public void The_subject_gets_one_re_prefix(string? subject, string expected) =>
        Assert.Equal(expected, OutboundMail.ReplySubject(subject));

    [Fact]
    public void References_are_capped_to_the_root_and_the_latest_ids()
    {
        var references = Enumerable.Range(0, 40).Select(i => $"<id{i}@example.org>").ToList();
        var reply = RoundTrip(OutboundMail.Compose("support@example.com", "jane@example.org", null, "Long",
            "<latest@example.org>", references, "<m@example.com>", Sent, "ok"));

        Assert.Equal(OutboundMail.MaxReferences, reply.References.Count);
        Assert.Equal("id0@example.org", reply.References[0]);
        Assert.Equal(references.Skip(22).Select(r => r.Trim('<', '>')), reply.References.Skip(1).Take(18));
        Assert.Equal("latest@example.org", reply.References[^1]);
    }

    [Fact]
    public void Ids_made_up_for_mail_without_a_message_id_are_not_sent()
    {
        var derived = "<" + new string('a', 64) + "@derived.runtype.invalid>";
        var reply = RoundTrip(OutboundMail.Compose("support@example.com", "jane@example.org", null, "Hi",
            derived, [derived, "<root@example.org>"], "<m@example.com>", Sent, "ok"));

        Assert.Null(reply.InReplyTo);
        Assert.Equal(["root@example.org"], reply.References);
    }

    [Fact]
    public void A_first_mail_to_a_participant_has_no_threading_headers()
    {
        var reply = RoundTrip(OutboundMail.Compose("support@example.com", "jane@example.org", null, "Hi", null, null,
            "<m@example.com>", Sent, "ok"));

        Assert.False(reply.Headers.Contains(HeaderId.InReplyTo));
        Assert.False(reply.Headers.Contains(HeaderId.References));
    }

    [Theory]
    [InlineData("msg_01JH", "Support <support@Example.COM>", "<msg_01JH@example.com>")]
    [InlineData("msg_01JH", "support@example.com", "<msg_01JH@example.com>")]
    [InlineData("msg_01JH", "Support <support@bücher.example>", "<msg_01JH@xn--bcher-kva.example>")]
    [InlineData("msg 01<JH>", "support@example.com", "<msg-01-JH-@example.com>")]
    [InlineData("msg_01JH", "not an address", "<msg_01JH@runtype.invalid>")]
    public void The_message_id_is_the_message_id_at_the_senders_domain(string messageId, string from, string expected)
    {
        Assert.Equal(expected, OutboundMail.MessageIdFor(messageId, from));
        Assert.Equal(OutboundMail.MessageIdFor(messageId, from), OutboundMail.MessageIdFor(messageId, from));
    }

    private static MimeMessage RoundTrip(MimeMessage message)
    {
        using var raw = new MemoryStream();
        message.WriteTo(FormatOptions.Default.Clone(), raw);
        raw.Position = 0;
        return MimeMessage.Load(raw);
    }
}
