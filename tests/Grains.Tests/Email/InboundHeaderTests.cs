using System.Security.Cryptography;
using System.Text;
using Runtype.Grains.Email;

namespace Runtype.Grains.Tests.Email;

/// <summary>What a mail's headers give the conversation: ids for threading, sender, subject, date and metadata.</summary>
public sealed class InboundHeaderTests
{
    private const string Reply = """
        Message-ID: <reply-2@mail.example.org>
        In-Reply-To: <first@mail.example.org>
        References: <root@mail.example.org>
         <first@mail.example.org>
        From: "Doe, Jane" <jane@example.org>
        To: Support <support@example.com>, bob@example.com
        Cc: =?utf-8?Q?Ren=C3=A9e?= <renee@example.net>
        Subject: Re: Printer
        Date: Mon, 5 Jan 2026 10:00:00 +0100

        It still jams.
        """;

    [Fact]
    public void Message_id_in_reply_to_and_references_keep_their_brackets_and_the_thread_root_is_the_first_reference()
    {
        var mail = Mails.Read(Reply);

        Assert.Equal("<reply-2@mail.example.org>", mail.MessageId);
        Assert.Equal(["<first@mail.example.org>"], mail.InReplyTo);
        Assert.Equal(["<root@mail.example.org>", "<first@mail.example.org>"], mail.References);
        Assert.Equal("<root@mail.example.org>", mail.ThreadRoot);
    }

    [Fact]
    public void A_mail_without_references_is_its_own_thread_root()
    {
        var mail = Mails.Read("""
            Message-ID: <solo@example.org>
            In-Reply-To: <a@example.org> <b@example.org>
            Subject: New

            Hi
            """);

        Assert.Equal(["<a@example.org>", "<b@example.org>"], mail.InReplyTo);
        Assert.Empty(mail.References);
        Assert.Equal("<solo@example.org>", mail.ThreadRoot);
    }

    [Fact]
    public void Sender_subject_date_and_metadata_are_read_from_the_headers()
    {
        var mail = Mails.Read(Reply);

        Assert.Equal("jane@example.org", mail.FromAddress);
        Assert.Equal("Doe, Jane", mail.FromName);
        Assert.Equal("Re: Printer", mail.Subject);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.FromHours(1)), mail.Date);
        Assert.Equal(
            """{"from":"Doe, Jane <jane@example.org>","to":["Support <support@example.com>","bob@example.com"]"""
            + ""","cc":["Renée <renee@example.net>"],"subject":"Re: Printer","date":"2026-01-05T10:00:00+01:00","attachments":[]}""",
            mail.Metadata);
        Assert.False(mail.Truncated);
        Assert.False(mail.Unparsable);
    }

    [Theory]
    [InlineData("=?utf-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=", "Grüße aus Köln")]
    [InlineData("=?iso-8859-1?Q?Caf=E9_cr=E8me?=", "Café crème")]
    [InlineData("=?koi8-r?B?8NLJ18XU?= =?koi8-r?B?8NLJ18XU?=", "ПриветПривет")] // adjacent encoded words join
    [InlineData("Re: =?gb2312?B?xOO6ww==?= again", "Re: 你好 again")]
    [InlineData("=?iso-2022-jp?B?GyRCJDMkcyRLJEEkTxsoQg==?=", "こんにちは")]
    [InlineData("Caf\u00c3\u00a9 in raw UTF-8", "Café in raw UTF-8")]
    public void Encoded_subjects_decode(string header, string expected)
    {
        var mail = Mails.Read($"Subject: {header}\n\nbody\n");

        Assert.Equal(expected, mail.Subject);
        Assert.Equal(expected, Mails.Metadata(mail).GetProperty("subject").GetString());
    }

    [Fact]
    public void A_missing_message_id_is_derived_from_the_raw_mail_the_same_way_on_every_read()
    {
        const string raw = "From: ann@example.com\nSubject: No id\n\nHello\n";
        var first = Mails.Read(raw);
        var again = Mails.Read(raw);
        var other = Mails.Read(raw.Replace("Hello", "Hello!", StringComparison.Ordinal));

        var hash = Convert.ToHexStringLower(SHA256.HashData(Mails.Bytes(raw)));
        Assert.Equal($"<{hash}@derived.runtype.invalid>", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
        Assert.Equal(first.MessageId, first.ThreadRoot);
    }

    [Fact]
    public void An_id_too_long_to_store_is_replaced_by_its_hash_alike_wherever_it_appears()
    {
        var longId = "<" + new string('x', 600) + "@example.org>";
        var original = Mails.Read($"Message-ID: {longId}\nSubject: Long\n\nbody\n");
        var reply = Mails.Read($"Message-ID: <r@example.org>\nIn-Reply-To: {longId}\nReferences: {longId}\nSubject: Re: Long\n\nbody\n");

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(longId)));
        Assert.Equal($"<{hash}@derived.runtype.invalid>", original.MessageId);
        Assert.Equal([original.MessageId], reply.InReplyTo);
        Assert.Equal(original.MessageId, reply.ThreadRoot);
    }

    [Fact]
    public void Very_long_references_keep_the_root_and_the_latest()
    {
        var ids = Enumerable.Range(0, 250).Select(i => $"<id{i}@example.org>").ToList();
        var mail = Mails.Read($"Message-ID: <last@example.org>\nReferences: {string.Join("\n ", ids)}\nSubject: Long thread\n\nbody\n");

        Assert.Equal(100, mail.References.Count);
        Assert.Equal("<id0@example.org>", mail.ThreadRoot);
        Assert.Equal(ids.Skip(151), mail.References.Skip(1));
    }

    [Fact]
    public void A_subject_longer_than_a_conversation_may_hold_is_cut()
    {
        var mail = Mails.Read($"Subject: {new string('s', 2000)}\n\nbody\n");

        Assert.Equal(new string('s', FieldLimits.Subject), mail.Subject);
    }

    [Theory]
    [InlineData("root@localhost")]
    [InlineData("a@b")]
    public void A_sender_address_the_api_would_refuse_as_participant_email_is_not_offered_as_one(string address)
    {
        var mail = Mails.Read($"From: Admin <{address}>\nSubject: Odd sender\n\nbody\n");

        Assert.Null(mail.FromAddress);
        Assert.Equal("Admin", mail.FromName);
        Assert.Equal($"Admin <{address}>", Mails.Metadata(mail).GetProperty("from").GetString());
    }

    [Fact]
    public void A_date_that_cannot_be_read_is_left_out()
    {
        var mail = Mails.Read("Subject: Undated\nDate: someday soon\n\nbody\n");

        Assert.Null(mail.Date);
        Assert.False(Mails.Metadata(mail).TryGetProperty("date", out _));
    }
}
