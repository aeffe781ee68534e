using System.Net.Mail;
using MimeKit;
using MimeKit.Utils;

namespace Runtype.Grains.Email;

/// <summary>
/// One received mail as the conversation takes it: the fields a new message (and, for the first mail of a thread,
/// a new conversation) is made of, each already within the limits the API enforces (<see cref="FieldLimits"/>,
/// and the 32 KiB of a message's <c>metadata</c>). Ids keep their angle brackets (<c>&lt;abc@host&gt;</c>), as
/// <c>In-Reply-To</c> and <c>References</c> name them. <see cref="Read"/> never fails on the mail itself: what
/// it cannot read becomes <see cref="Unparsable"/>, so one bad mail never stops a mailbox's poll.
/// </summary>
public sealed record InboundMail
{
    /// <summary>The content of a mail with no text at all (a message's content may not be empty).</summary>
    public const string NoText = "(no text)";

    /// <summary>The content of an <see cref="Unparsable"/> mail.</summary>
    public const string UnreadableText = "(this email could not be read)";

    // Deeper nesting has no use in mail and only costs stack: past this MimeKit keeps a part undivided.
    private static readonly ParserOptions Options = new() { MaxMimeDepth = 32 };

    /// <summary>The <c>Message-ID</c>, or one derived from the SHA-256 of the raw mail (the same on every read).</summary>
    public required string MessageId { get; init; }

    public IReadOnlyList<string> InReplyTo { get; init; } = [];

    /// <summary>In header order, without repeats; at most <see cref="MailIds.MaxReferences"/>, keeping the first.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The conversation's <c>externalThreadId</c> when this mail starts one: the first reference, else <see cref="MessageId"/>.</summary>
    public string ThreadRoot => References.Count > 0 ? References[0] : MessageId;

    public string? Subject { get; init; }

    public string? FromAddress { get; init; }

    public string? FromName { get; init; }

    public DateTimeOffset? Date { get; init; }

    /// <summary>The text (never empty: <see cref="NoText"/> or <see cref="UnreadableText"/> stand in).</summary>
    public required string Content { get; init; }

    /// <summary>The content or a list in <see cref="Metadata"/> was cut to fit.</summary>
    public bool Truncated { get; init; }

    public bool Unparsable { get; init; }

    /// <summary>Compact JSON: <c>from</c>, <c>to</c>, <c>cc</c>, <c>subject</c>, <c>date</c>, <c>attachments</c>, and the flags when set.</summary>
    public required string Metadata { get; init; }

    /// <summary>
    /// Reads one raw RFC 5322 mail from <paramref name="raw"/> (to its end; the caller bounds its size). Only a
    /// failure of the stream itself is thrown. The mail is held once, as bytes; its parts are read from there.
    /// </summary>
    public static InboundMail Read(Stream raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var bytes = ReadAll(raw);
        var derivedId = MailIds.Derived(bytes);
        var headers = RawHeaders.Scan(bytes);
        if (headers.Terminated)
        {
            try
            {
                if (Parse(bytes, derivedId) is { } mail)
                {
                    return mail;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever MimeKit throws on a hostile mail, that mail is unparsable, not a failed poll.
            }
        }

        return Unreadable(headers, derivedId);
    }

    private static InboundMail? Parse(ArraySegment<byte> bytes, string derivedId)
    {
        using var stream = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false);
        using var message = MimeMessage.Load(Options, stream, persistent: true);
        var parts = MailParts.Of(message);
        if (parts.Broken || message.Headers.Count == 0)
        {
            return null;
        }

        var text = new BoundedText();
        parts.WriteText(text);
        var content = text.ToString();
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var date = message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : (DateTimeOffset?)null;
        var fields = new MailFields(
            MailStrings.Address(from?.Name, from?.Address),
            [.. message.To.Mailboxes.Select(m => MailStrings.Address(m.Name, m.Address)).OfType<string>()],
            [.. message.Cc.Mailboxes.Select(m => MailStrings.Address(m.Name, m.Address)).OfType<string>()],
            message.Subject, date, parts.Attachments);
        var (metadata, listsCut) = MailMetadata.Write(fields, text.Truncated, unparsable: false);
        return new InboundMail
        {
            MessageId = MailIds.Normalize(message.MessageId) ?? derivedId,
            InReplyTo = MailIds.All(ValuesOf(message, HeaderId.InReplyTo)),
            References = MailIds.All(ValuesOf(message, HeaderId.References)),
            Subject = MailStrings.Clean(message.Subject, FieldLimits.Subject),
            FromAddress = UsableAddress(from?.Address),
            FromName = MailStrings.Clean(from?.Name, FieldLimits.ParticipantName),
            Date = date,
            Content = content.Length == 0 ? NoText : content,
            Truncated = text.Truncated || listsCut,
            Metadata = metadata,
        };
    }

    /// <summary>What a tolerant look at the header lines gives: subject, sender and date where they can be read.</summary>
    private static InboundMail Unreadable(RawHeaders headers, string derivedId)
    {
        var subject = headers.Text("Subject");
        var fromText = headers.Text("From");
        var from = fromText is not null && InternetAddressList.TryParse(fromText, out var list) ? list.Mailboxes.FirstOrDefault() : null;
        DateTimeOffset? date = headers.Text("Date") is { } dateText && DateUtils.TryParse(dateText, out var parsed) ? parsed : null;
        var fields = MailFields.None with
        {
            From = from is null ? fromText : MailStrings.Address(from.Name, from.Address),
            Subject = subject,
            Date = date,
        };
        return new InboundMail
        {
            MessageId = derivedId,
            Subject = MailStrings.Clean(subject, FieldLimits.Subject),
            FromAddress = UsableAddress(from?.Address),
            FromName = MailStrings.Clean(from?.Name, FieldLimits.ParticipantName),
            Date = date,
            Content = UnreadableText,
            Unparsable = true,
            Metadata = MailMetadata.Write(fields, truncated: false, unparsable: true).Json,
        };
    }

    private static IEnumerable<string> ValuesOf(MimeMessage message, HeaderId id) =>
        message.Headers.Where(h => h.Id == id).Select(h => h.Value);

    /// <summary>
    /// The sender's address when the API would take it as <c>participantEmail</c> (one <c>local@domain.tld</c>, within
    /// the length); any other is no address to reply to, so it is dropped rather than cut (metadata still shows it).
    /// </summary>
    private static string? UsableAddress(string? address) =>
        address is not null && address.Length <= FieldLimits.ParticipantEmail && MailAddress.TryCreate(address, out var parsed)
            && parsed.Address == address && parsed.Host.Contains('.', StringComparison.Ordinal)
            ? address
            : null;

    private static ArraySegment<byte> ReadAll(Stream raw)
    {
        if (raw is MemoryStream memory && memory.TryGetBuffer(out var held))
        {
            var start = (int)memory.Position;
            memory.Position = memory.Length;
            return held[start..];
        }

        using var copy = raw.CanSeek ? new MemoryStream((int)Math.Min(int.MaxValue, Math.Max(0, raw.Length - raw.Position))) : new MemoryStream();
        raw.CopyTo(copy);
        return copy.TryGetBuffer(out var copied) ? copied : new ArraySegment<byte>(copy.ToArray());
    }
}
