using Runtype.Grains.Email;

namespace Runtype.Grains.Tests.Email;

/// <summary>Which part of a mail becomes the message's content, and how it is decoded: charsets, transfer encodings, HTML.</summary>
public sealed class InboundBodyTests
{
    [Fact]
    public void Multipart_alternative_gives_the_plain_text_part_even_when_html_comes_first()
    {
        var mail = Mails.Read("""
            From: Ann <ann@example.com>
            Subject: Hello
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/html; charset=utf-8

            <p>The <b>HTML</b> version</p>
            --b1
            Content-Type: text/plain; charset=utf-8

            The plain version
            --b1--
            """);

        Assert.Equal("The plain version", mail.Content);
        Assert.False(mail.Truncated);
        Assert.Empty(Mails.Metadata(mail).GetProperty("attachments").EnumerateArray());
    }

    [Fact]
    public void An_html_only_mail_becomes_text_without_tags_with_entities_decoded_and_blocks_on_their_own_lines()
    {
        var mail = Mails.Read("""
            From: ann@example.com
            Subject: Html
            Content-Type: text/html; charset=utf-8

            <html><head><title>Not shown</title><style>p { color: red }</style></head>
            <body><p>Hello&nbsp;<b>there</b> &amp; welcome&#33;</p><div>Line   two,
            wrapped</div><ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>
            <p>On Monday, Bob wrote:</p><blockquote><p>The old question</p><blockquote>Older still</blockquote></blockquote>
            <script>alert("no")</script></body></html>
            """);

        Assert.Equal(
            "Hello there & welcome!\n\nLine two, wrapped\n\n- one\n- two\n\n1. first\n2. second\n\nOn Monday, Bob wrote:\n\n"
            + "> The old question\n\n> > Older still",
            mail.Content);
    }

    [Fact]
    public void Line_breaks_and_preformatted_text_in_html_are_kept()
    {
        var mail = Mails.Read("""
            Subject: Html
            Content-Type: text/html

            <body>first<br>second<br><br><br>third<pre>  indented
              code</pre></body>
            """);

        Assert.Equal("first\nsecond\n\nthird\n\n  indented\n  code", mail.Content);
    }

    [Fact]
    public void Quoted_history_in_a_plain_text_reply_is_kept()
    {
        var mail = Mails.Read("""
            Subject: Re: Help
            Content-Type: text/plain; charset=us-ascii

            Thanks, that worked.

            On Mon, 5 Jan 2026, Support wrote:
            > Try restarting it.
            """);

        Assert.Equal("Thanks, that worked.\n\nOn Mon, 5 Jan 2026, Support wrote:\n> Try restarting it.", mail.Content);
    }

    [Theory]
    [InlineData("iso-8859-1", "quoted-printable", "Caf=E9 cr=E8me", "Café crème")]
    [InlineData("windows-1252", "8bit", "\u0080 5 \u0093quoted\u0094", "€ 5 “quoted”")]
    [InlineData("koi8-r", "base64", "8NLJ18XU", "Привет")]
    [InlineData("koi8-r", "quoted-printable", "=F0=D2=C9=D7=C5=D4", "Привет")]
    [InlineData("iso-2022-jp", "7bit", "\u001b$B$3$s$K$A$O\u001b(B", "こんにちは")]
    [InlineData("gb2312", "base64", "xOO6ww==", "你好")]
    [InlineData("utf-8", "base64", "R3LDvMOfZSBhdXMgS8O2bG4=", "Grüße aus Köln")]
    [InlineData("\"UTF-8\"", "8bit", "Gr\u00c3\u00bc\u00c3\u009f", "Grüß")]
    public void Bodies_in_legacy_charsets_and_transfer_encodings_decode(string charset, string transfer, string body, string expected)
    {
        var mail = Mails.Read($"""
            Subject: Charset
            Content-Type: text/plain; charset={charset}
            Content-Transfer-Encoding: {transfer}

            {body}
            """);

        Assert.Equal(expected, mail.Content);
    }

    [Theory]
    [InlineData("Caf\u00e9 au lait", "Café au lait")] // Latin-1 bytes, no charset said: not UTF-8, so windows-1252
    [InlineData("Caf\u00c3\u00a9 au lait", "Café au lait")] // UTF-8 bytes, no charset said
    public void An_undeclared_charset_is_read_as_utf8_when_it_is_and_as_windows_1252_otherwise(string body, string expected)
    {
        var mail = Mails.Read($"""
            Subject: No charset
            Content-Type: text/plain

            {body}
            """);

        Assert.Equal(expected, mail.Content);
    }

    [Fact]
    public void An_html_body_in_a_legacy_charset_decodes_before_its_tags_are_removed()
    {
        var mail = Mails.Read("""
            Subject: Html
            Content-Type: text/html; charset=koi8-r
            Content-Transfer-Encoding: quoted-printable

            <p>=F0=D2=C9=D7=C5=D4 &lt;3</p>
            """);

        Assert.Equal("Привет <3", mail.Content);
    }

    [Fact]
    public void A_mail_without_text_says_so_rather_than_being_empty()
    {
        var mail = Mails.Read("""
            Subject: Picture
            Content-Type: image/png; name="dot.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            """);

        Assert.Equal(InboundMail.NoText, mail.Content);
        var attachment = Assert.Single(Mails.Metadata(mail).GetProperty("attachments").EnumerateArray());
        Assert.Equal("dot.png", attachment.GetProperty("filename").GetString());
        Assert.Equal(8, attachment.GetProperty("size").GetInt64());
    }

    [Fact]
    public void Nul_characters_and_lone_surrogates_never_reach_the_content()
    {
        // UTF-16 lets a mail carry both; the API's text rule refuses them.
        var mail = Mails.Read("""
            Subject: Odd
            Content-Type: text/plain; charset=utf-16le
            Content-Transfer-Encoding: base64

            YQAAAGIAANhjAA==
            """);

        Assert.Equal("ab\uFFFDc", mail.Content);
    }
}
