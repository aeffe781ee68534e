using System.Text;
using MimeKit.Utils;

namespace Runtype.Grains.Email;

/// <summary>
/// A tolerant reading of a raw mail's header lines, for mail MimeKit could not make sense of: it looks for
/// <c>Name: value</c> lines (folded lines joined) up to the first empty line, and never fails. It also tells
/// whether that empty line exists: a mail whose header section never ends was cut off, even where MimeKit would
/// read it.
/// </summary>
internal sealed class RawHeaders
{
    /// <summary>Bound on the scan, so a mail of one endless line costs no more than this.</summary>
    private const int MaxScannedBytes = 256 * 1024;

    private readonly Dictionary<string, byte[]> _first = new(StringComparer.OrdinalIgnoreCase);

    private RawHeaders()
    {
    }

    /// <summary>True when the header lines end with an empty line, as RFC 5322 requires before a body.</summary>
    public bool Terminated { get; private set; }

    public static RawHeaders Scan(ReadOnlySpan<byte> raw)
    {
        var headers = new RawHeaders();
        var scanned = raw[..Math.Min(raw.Length, MaxScannedBytes)];
        var current = new List<byte>();
        while (!scanned.IsEmpty)
        {
            var end = scanned.IndexOf((byte)'\n');
            var line = end < 0 ? scanned : scanned[..end];
            scanned = end < 0 ? [] : scanned[(end + 1)..];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                headers.Terminated = end >= 0;
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                current.AddRange(line);
                continue;
            }

            headers.Add(current);
            current = [.. line];
        }

        headers.Add(current);
        return headers;
    }

    /// <summary>The first header of that name, unfolded and decoded (RFC 2047 words, UTF-8 or Latin-1 bytes); null when absent.</summary>
    public string? Text(string name)
    {
        if (!_first.TryGetValue(name, out var value))
        {
            return null;
        }

        try
        {
            return Rfc2047.DecodeText(value).Trim();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException or DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(value).Trim();
        }
    }

    private void Add(List<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return;
        }

        var name = Encoding.ASCII.GetString([.. line[..colon]]).Trim();
        _first.TryAdd(name, [.. line[(colon + 1)..]]);
    }
}
