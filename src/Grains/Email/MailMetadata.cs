using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Runtype.Grains.Email;

/// <summary>
/// Writes an inbound mail's <c>metadata</c> as compact JSON that the API would accept as a message's metadata: at
/// most <see cref="MaxBytes"/> as the API measures it (compact, relaxed escaping: <c>FieldReader.MaxObjectBytes</c>),
/// strings clean (<see cref="MailStrings"/>). Each list keeps at most <see cref="MaxListItems"/> entries and no more
/// than its share of the bytes left after the single fields (unused share passes to the next list); a list cut
/// short marks the metadata <c>truncated</c>. Absent fields are left out rather than written as null.
/// </summary>
internal static class MailMetadata
{
    public const int MaxBytes = 32 * 1024;
    public const int MaxListItems = 100;

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Room kept for <c>"truncated":true,</c> and <c>"unparsable":true,</c> whether or not they are written.</summary>
    private const int FlagBytes = 40;

    /// <summary>The JSON, and whether a list had to be cut to fit (which the JSON then says).</summary>
    public static (string Json, bool ListsCut) Write(MailFields fields, bool truncated, bool unparsable)
    {
        var from = MailStrings.Clean(fields.From, MailStrings.MaxAddressText);
        var subject = MailStrings.Clean(fields.Subject, FieldLimits.Subject);
        List<string> to = [.. Cleaned(fields.To)], cc = [.. Cleaned(fields.Cc)];
        List<MailAttachment> attachments = [.. fields.Attachments.Select(a => a with
        {
            FileName = MailStrings.Clean(a.FileName, MailStrings.MaxFileName),
            ContentType = MailStrings.Clean(a.ContentType, MailStrings.MaxContentType) ?? "application/octet-stream",
        })];

        var left = MaxBytes - FlagBytes - Measure(w => WriteDocument(w, from, subject, fields.Date, [], [], [], false, false));
        var cut = false;
        to = Fit(to, ref left, 3, w => w.WriteStringValue, ref cut);
        cc = Fit(cc, ref left, 2, w => w.WriteStringValue, ref cut);
        attachments = Fit(attachments, ref left, 1, w => a => WriteAttachment(w, a), ref cut);

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            WriteDocument(writer, from, subject, fields.Date, to, cc, attachments, truncated || cut, unparsable);
        }

        return (System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), cut);
    }

    private static IEnumerable<string> Cleaned(IEnumerable<string> addresses) =>
        addresses.Select(a => MailStrings.Clean(a, MailStrings.MaxAddressText)).OfType<string>();

    /// <summary>Keeps items while they fit this list's share of <paramref name="left"/> (one comma each included).</summary>
    private static List<T> Fit<T>(List<T> items, ref int left, int listsLeft, Func<Utf8JsonWriter, Action<T>> write, ref bool cut)
    {
        var share = left / listsLeft;
        var kept = new List<T>();
        foreach (var item in items)
        {
            var cost = Measure(w => write(w)(item)) + 1;
            if (kept.Count == MaxListItems || cost > share)
            {
                cut = true;
                break;
            }

            kept.Add(item);
            share -= cost;
            left -= cost;
        }

        return kept;
    }

    private static int Measure(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            write(writer);
        }

        return buffer.WrittenCount;
    }

    private static void WriteDocument(
        Utf8JsonWriter writer, string? from, string? subject, DateTimeOffset? date, List<string> to, List<string> cc,
        List<MailAttachment> attachments, bool truncated, bool unparsable)
    {
        writer.WriteStartObject();
        WriteIfPresent(writer, "from", from);
        WriteList(writer, "to", to, writer.WriteStringValue);
        WriteList(writer, "cc", cc, writer.WriteStringValue);
        WriteIfPresent(writer, "subject", subject);
        if (date is { } sent)
        {
            writer.WriteString("date", sent);
        }

        WriteList(writer, "attachments", attachments, a => WriteAttachment(writer, a));
        if (truncated)
        {
            writer.WriteBoolean("truncated", true);
        }

        if (unparsable)
        {
            writer.WriteBoolean("unparsable", true);
        }

        writer.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteList<T>(Utf8JsonWriter writer, string name, List<T> items, Action<T> write)
    {
        writer.WriteStartArray(name);
        items.ForEach(write);
        writer.WriteEndArray();
    }

    private static void WriteAttachment(Utf8JsonWriter writer, MailAttachment attachment)
    {
        writer.WriteStartObject();
        WriteIfPresent(writer, "filename", attachment.FileName);
        writer.WriteString("contentType", attachment.ContentType);
        writer.WriteNumber("size", attachment.Size);
        writer.WriteEndObject();
    }
}
