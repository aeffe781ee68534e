using System.Text;
using System.Text.Unicode;
using MimeKit;
using MimeKit.IO;

namespace Runtype.Grains.Email;

/// <summary>
/// Finds a parsed mail's text and the parts it does not keep. The text is the first text/plain part that is not an
/// attachment, else the first such text/html part (turned into text by <see cref="HtmlMailText"/>); it is decoded
/// as a stream into <see cref="BoundedText"/>, so a large body is never held whole. Every other part that is an
/// attachment or not text is listed with its decoded size, counted as a stream too; an attached mail
/// (message/rfc822) is one attachment, not searched for text. A multipart without any part means its boundaries
/// are broken: <see cref="Broken"/>.
/// </summary>
internal sealed class MailParts
{
    /// <summary>How many bytes of an undeclared charset are looked at to tell UTF-8 from windows-1252.</summary>
    private const int SniffBytes = 64 * 1024;

    private MailParts()
    {
    }

    public TextPart? Text { get; private set; }

    public List<MailAttachment> Attachments { get; } = [];

    public bool Broken { get; private set; }

    public static MailParts Of(MimeMessage message)
    {
        var parts = new MailParts();
        TextPart? html = null;
        var pending = new Stack<MimeEntity>();
        if (message.Body is { } body)
        {
            pending.Push(body);
        }

        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case Multipart multipart:
                    parts.Broken |= multipart.Count == 0;
                    for (var i = multipart.Count - 1; i >= 0; i--)
                    {
                        pending.Push(multipart[i]);
                    }

                    break;
                case TextPart text when !text.IsAttachment && text.IsPlain:
                    parts.Text ??= text;
                    break;
                case TextPart text when !text.IsAttachment && text.IsHtml:
                    html ??= text;
                    break;
                case var other when parts.Attachments.Count <= MailMetadata.MaxListItems:
                    parts.Attachments.Add(Describe(other));
                    break;
            }
        }

        parts.Text ??= html;
        return parts;
    }

    /// <summary>Decodes <see cref="Text"/> into <paramref name="output"/>: the declared charset, else UTF-8 if it reads as such, else windows-1252.</summary>
    public void WriteText(BoundedText output)
    {
        if (Text?.Content is not { } content)
        {
            return;
        }

        // Before opening the content to read: the sniffing opens it too, and with a persistently parsed mail both
        // streams are windows on the same raw bytes.
        var encoding = EncodingOf(Text);
        using var reader = new StreamReader(content.Open(), encoding, detectEncodingFromByteOrderMarks: true);
        if (Text.IsHtml)
        {
            HtmlMailText.Write(reader, output);
            return;
        }

        var buffer = new char[4096];
        int read;
        while (!output.Truncated && (read = reader.Read(buffer)) > 0)
        {
            output.Append(buffer.AsSpan(0, read));
        }
    }

    private static Encoding EncodingOf(TextPart part)
    {
        // us-ascii is the default label of many mailers that send 8-bit text anyway; iso-8859-1 is read as its
        // superset windows-1252, as browsers do, since mail labelled so often holds that.
        if (part.TryDetectEncoding(out var declared, out _) && declared.CodePage != Encoding.ASCII.CodePage)
        {
            return declared.CodePage == Encoding.Latin1.CodePage ? Encoding.GetEncoding(1252) : declared;
        }

        var sniffed = new byte[SniffBytes];
        int length;
        using (var stream = part.Content!.Open())
        {
            length = stream.ReadAtLeast(sniffed, sniffed.Length, throwOnEndOfStream: false);
        }

        var status = Utf8.ToUtf16(sniffed.AsSpan(0, length), new char[length], out _, out _, replaceInvalidSequences: false,
            isFinalBlock: length < sniffed.Length);
        return status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData
            ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)
            : Encoding.GetEncoding(1252);
    }

    private static MailAttachment Describe(MimeEntity entity)
    {
        var counter = new MeasuringStream();
        switch (entity)
        {
            case MimePart { Content: { } content }:
                content.DecodeTo(counter);
                break;
            case MessagePart { Message: { } attached }:
                attached.WriteTo(counter);
                break;
        }

        var name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name
            ?? (entity as MessagePart)?.Message?.Subject;
        return new MailAttachment(name, entity.ContentType.MimeType, counter.Length);
    }
}
