using System.Security.Cryptography;
using System.Text;
using Runtype.Grains.Email;

namespace Runtype.Grains.Tests.Email;

/// <summary>A mail that cannot be read still becomes a message (marked unparsable, with what its header lines say), and reading never throws.</summary>
public sealed class UnparsableMailTests
{
    private const string Valid = """
        Message-ID: <valid@example.org>
        From: Ann <ann@example.com>
        Subject: =?utf-8?Q?Caf=C3=A9?=
        Content-Type: multipart/alternative; boundary="b"

        --b
        Content-Type: text/plain; charset=koi8-r
        Content-Transfer-Encoding: base64

        8NLJ18XU
        --b
        Content-Type: text/html

        <p>hi</p>
        --b--
        """;

    [Fact]
    public void Binary_garbage_is_unparsable_with_a_derived_id()
    {
        var garbage = new byte[2048];
        new Random(7).NextBytes(garbage);

        var mail = Mails.Read(garbage);

        AssertUnparsable(mail, garbage);
        Assert.Null(mail.Subject);
    }

    [Fact]
    public void Boundaries_that_never_appear_make_the_mail_unparsable_with_its_subject_kept()
    {
        var mail = Mails.Read("""
            Message-ID: <broken@example.org>
            From: Ann <ann@example.com>
            Subject: =?utf-8?Q?Broken_caf=C3=A9?=
            Date: Tue, 6 Jan 2026 08:30:00 +0000
            Content-Type: multipart/mixed; boundary="declared"

            --something-else
            Content-Type: text/plain

            lost
            --something-else--
            """);

        AssertUnparsable(mail, null);
        Assert.Equal("Broken café", mail.Subject);
        Assert.Equal("ann@example.com", mail.FromAddress);
        Assert.Equal("Ann", mail.FromName);
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 8, 30, 0, TimeSpan.Zero), mail.Date);
        Assert.Equal(
            """{"from":"Ann <ann@example.com>","to":[],"cc":[],"subject":"Broken café","date":"2026-01-06T08:30:00+00:00","attachments":[],"unparsable":true}""",
            mail.Metadata);
    }

    [Fact]
    public void A_mail_that_ends_inside_its_headers_is_unparsable_with_its_subject_kept()
    {
        var mail = Mails.Read("From: ann@example.com\nSubject: Only headers\nContent-Type: text/pla");

        AssertUnparsable(mail, null);
        Assert.Equal("Only headers", mail.Subject);
        Assert.Equal("ann@example.com", mail.FromAddress);
    }

    [Fact]
    public void An_empty_mail_is_unparsable_with_the_id_of_no_bytes()
    {
        var mail = Mails.Read([]);

        AssertUnparsable(mail, []);
        Assert.Equal("<e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855@derived.runtype.invalid>", mail.MessageId);
        Assert.Equal("""{"to":[],"cc":[],"attachments":[],"unparsable":true}""", mail.Metadata);
    }

    [Fact]
    public void The_tolerant_scan_reads_folded_and_raw_8bit_subjects()
    {
        var mail = Mails.Read("X-Junk\u0001\u00ff\nSubject: Caf\u00c3\u00a9\n au lait\nFrom: <ann@example.com>\nContent-Type: text/plain");

        AssertUnparsable(mail, null);
        Assert.Equal("Café au lait", mail.Subject);
        Assert.Equal("ann@example.com", mail.FromAddress);
    }

    [Fact]
    public void Random_bytes_never_throw_and_always_give_a_message_the_api_accepts()
    {
        var random = new Random(20260105);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(0, 3000)];
            random.NextBytes(bytes);
            if (i % 3 == 0)
            {
                // Header-like starts get further into the parser than pure noise.
                var start = Encoding.ASCII.GetBytes("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n");
                start.AsSpan(0, Math.Min(start.Length, bytes.Length)).CopyTo(bytes);
            }

            Mails.Read(bytes);
        }
    }

    [Fact]
    public void A_valid_mail_cut_or_damaged_anywhere_never_throws()
    {
        var valid = Mails.Bytes(Valid);
        var random = new Random(5);
        for (var length = 0; length <= valid.Length; length++)
        {
            Mails.Read(valid[..length]);
        }

        for (var i = 0; i < 300; i++)
        {
            var damaged = (byte[])valid.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            Mails.Read(damaged);
        }
    }

    [Fact]
    public void The_undamaged_sample_reads_whole()
    {
        var mail = Mails.Read(Valid);

        Assert.False(mail.Unparsable);
        Assert.Equal("Привет", mail.Content);
        Assert.Equal("Café", mail.Subject);
        Assert.Equal("<valid@example.org>", mail.MessageId);
    }

    private static void AssertUnparsable(InboundMail mail, byte[]? raw)
    {
        Assert.True(mail.Unparsable);
        Assert.Equal(InboundMail.UnreadableText, mail.Content);
        Assert.True(Mails.Metadata(mail).GetProperty("unparsable").GetBoolean());
        Assert.EndsWith("@derived.runtype.invalid>", mail.MessageId, StringComparison.Ordinal);
        Assert.Empty(mail.References);
        if (raw is not null)
        {
            Assert.Equal($"<{Convert.ToHexStringLower(SHA256.HashData(raw))}@derived.runtype.invalid>", mail.MessageId);
        }
    }
}
