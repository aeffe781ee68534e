using System.Text;
using Runtype.Grains.Email;

namespace Runtype.Grains.Tests.Email;

/// <summary>Attachments are listed, never stored; bodies and lists are cut to what a message may hold, and say so.</summary>
public sealed class InboundLimitsTests
{
    [Fact]
    public void Attachments_are_listed_with_their_decoded_sizes_and_their_bodies_are_not_kept()
    {
        var mail = Mails.Read("""
            Subject: Report
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/related; boundary="inner"

            --inner
            Content-Type: text/plain; charset=utf-8

            See attached.
            --inner
            Content-Type: image/png
            Content-Disposition: inline; filename="logo.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --inner--
            --outer
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --outer
            Content-Type: text/plain; charset=utf-8
            Content-Disposition: attachment; filename="notes.txt"

            attached notes, not the body
            --outer--
            """);

        Assert.Equal("See attached.", mail.Content);
        Assert.Equal(
            """[{"filename":"logo.png","contentType":"image/png","size":8},{"filename":"résumé.pdf","contentType":"application/pdf","size":9}"""
            + """,{"filename":"notes.txt","contentType":"text/plain","size":28}]""",
            Mails.Metadata(mail).GetProperty("attachments").GetRawText());
    }

    [Fact]
    public void An_attached_mail_is_one_attachment_and_its_text_is_not_the_body()
    {
        var mail = Mails.Read("""
            Subject: Forward
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: text/plain

            Forwarding this.
            --m
            Content-Type: message/rfc822

            Subject: The original

            Original text
            --m--
            """);

        Assert.Equal("Forwarding this.", mail.Content);
        var attachment = Assert.Single(Mails.Metadata(mail).GetProperty("attachments").EnumerateArray());
        Assert.Equal("The original", attachment.GetProperty("filename").GetString());
        Assert.Equal("message/rfc822", attachment.GetProperty("contentType").GetString());
    }

    [Fact]
    public void A_long_ascii_body_is_cut_at_the_content_limit_in_characters_and_marked_truncated()
    {
        var line = new string('a', 98) + "\n"; // the limit falls inside a line, not on a trailing line break
        var mail = Mails.Read("Subject: Long\nContent-Type: text/plain\n\n" + string.Concat(Enumerable.Repeat(line, 3000)));

        Assert.Equal(FieldLimits.Content, mail.Content.Length);
        Assert.True(mail.Truncated);
        Assert.True(Mails.Metadata(mail).GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public void A_long_body_of_three_byte_characters_is_cut_at_256_KiB_of_utf8()
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('中', 100_000)), Base64FormattingOptions.InsertLineBreaks);
        var mail = Mails.Read($"Subject: Long\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{body}\n");

        Assert.Equal(256 * 1024 / 3, mail.Content.Length);
        Assert.True(mail.Truncated);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("😀", 70_000)); // 1 + 4 bytes each: the limit falls inside one
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(text), Base64FormattingOptions.InsertLineBreaks);
        var mail = Mails.Read($"Subject: Emoji\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{body}\n");

        Assert.Equal(1 + (2 * 65_535), mail.Content.Length);
        Assert.True(char.IsLowSurrogate(mail.Content[^1]));
        Assert.True(mail.Truncated);
    }

    [Fact]
    public void A_huge_html_body_is_cut_too()
    {
        var html = string.Concat(Enumerable.Repeat("<p>paragraph &amp; more</p>\n", 20_000));
        var mail = Mails.Read($"Subject: Html\nContent-Type: text/html\n\n{html}");

        Assert.True(mail.Truncated);
        Assert.StartsWith("paragraph & more\n\nparagraph & more", mail.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_is_read_only_so_far_even_when_it_yields_no_text()
    {
        // One endless comment: the tokenizer would hold it whole. Past the cap the rest is not read.
        var html = "<!--" + new string('c', HtmlMailText.MaxHtmlChars) + "--><p>after</p>";
        var mail = Mails.Read($"Subject: Html\nContent-Type: text/html\n\n{html}");

        Assert.Equal(InboundMail.NoText, mail.Content);
        Assert.True(mail.Truncated);
    }

    [Fact]
    public void A_body_exactly_at_the_limit_is_not_marked_truncated()
    {
        var mail = Mails.Read("Subject: Exact\nContent-Type: text/plain\n\n" + new string('b', FieldLimits.Content) + "\n");

        Assert.Equal(FieldLimits.Content, mail.Content.Length);
        Assert.False(mail.Truncated);
        Assert.False(Mails.Metadata(mail).TryGetProperty("truncated", out _));
    }

    [Fact]
    public void Recipient_lists_are_capped_at_a_hundred_and_marked_truncated()
    {
        var to = string.Join(",\n ", Enumerable.Range(0, 150).Select(i => $"r{i}@example.com"));
        var mail = Mails.Read($"Subject: Many\nTo: {to}\n\nhello\n");

        var metadata = Mails.Metadata(mail);
        Assert.Equal(100, metadata.GetProperty("to").GetArrayLength());
        Assert.Equal("r0@example.com", metadata.GetProperty("to")[0].GetString());
        Assert.True(metadata.GetProperty("truncated").GetBoolean());
        Assert.True(mail.Truncated);
        Assert.Equal("hello", mail.Content);
    }

    [Fact]
    public void Metadata_stays_within_32_KiB_whatever_the_headers_hold()
    {
        // Names of control characters (escaped as six bytes each) for every recipient and attachment: far over the
        // limit if kept whole. Mails.Read checks the size the way the API measures it.
        var name = "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('\u0001', 200))) + "?=";
        var addresses = string.Join(",\n ", Enumerable.Range(0, 100).Select(i => $"{name} <r{i}@example.com>"));
        var parts = string.Concat(Enumerable.Range(0, 150).Select(i =>
            $"--p\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"{new string('f', 250)}{i}\"\n\nx\n"));
        var mail = Mails.Read($"Subject: {name}\nFrom: {name} <a@example.com>\nTo: {addresses}\nCc: {addresses}\n"
            + $"Content-Type: multipart/mixed; boundary=p\n\n--p\nContent-Type: text/plain\n\nbody\n{parts}--p--\n");

        var metadata = Mails.Metadata(mail);
        Assert.True(mail.Truncated);
        Assert.InRange(metadata.GetProperty("to").GetArrayLength(), 1, 99);
        Assert.InRange(metadata.GetProperty("cc").GetArrayLength(), 1, 99);
        Assert.InRange(metadata.GetProperty("attachments").GetArrayLength(), 1, 99);
        Assert.Equal("body", mail.Content);
    }
}
