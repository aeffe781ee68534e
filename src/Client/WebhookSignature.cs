using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Runtype.Client;

/// <summary>
/// Checks the <c>Runtype-Signature</c> header of a webhook delivery:
/// <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;...]</c>, each <c>v1</c> the HMAC-SHA256 keyed with a
/// secret's UTF-8 bytes over <c>&lt;t&gt;.&lt;body&gt;</c>. Verify the exact bytes received, before parsing them.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "Runtype-Signature";

    /// <summary>How far a delivery's timestamp may be from now by default: old enough for clock skew, too short for a replay later.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const int SignatureLength = 32;

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> (as UTF-8) with any of <paramref name="secrets"/>.</summary>
    public static WebhookSignatureResult Verify(string? header, string body, IEnumerable<string> secrets, TimeSpan tolerance, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Verify(header, Encoding.UTF8.GetBytes(body), secrets, tolerance, now);
    }

    /// <summary>
    /// Whether <paramref name="header"/> signs <paramref name="body"/> with any of <paramref name="secrets"/> (after a
    /// rotation both the new and the previous secret sign for a day, so pass both while a receiver switches), at a time
    /// no further than <paramref name="tolerance"/> from <paramref name="now"/> (default: the current time). A missing
    /// or malformed header is an invalid result, never an exception.
    /// </summary>
    public static WebhookSignatureResult Verify(string? header, ReadOnlySpan<byte> body, IEnumerable<string> secrets, TimeSpan tolerance, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (!TryParse(header, out var timestamp, out var seconds, out var signatures))
        {
            return WebhookSignatureResult.Malformed;
        }

        var age = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() - seconds;
        if (Math.Abs((double)age) > tolerance.TotalSeconds)
        {
            return WebhookSignatureResult.OutsideTolerance;
        }

        var payload = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, payload);
        payload[timestamp.Length] = (byte)'.';
        body.CopyTo(payload.AsSpan(timestamp.Length + 1));
        Span<byte> expected = stackalloc byte[SignatureLength];
        var matched = false;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload, expected);
            foreach (var given in signatures)
            {
                // Every pair is compared, each in constant time, so the time taken says nothing about which one matched.
                matched |= CryptographicOperations.FixedTimeEquals(expected, given);
            }
        }

        return matched ? WebhookSignatureResult.Valid : WebhookSignatureResult.NoMatch;
    }

    private static bool TryParse(string? header, out string timestamp, out long seconds, out List<byte[]> signatures)
    {
        timestamp = "";
        seconds = 0;
        signatures = [];
        if (string.IsNullOrWhiteSpace(header) || header.Length > 4096)
        {
            return false;
        }

        string? t = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var (key, value) = (part[..equals], part[(equals + 1)..]);
            if (key == "t")
            {
                if (t is not null || value.Length is 0 or > 12 || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
                {
                    return false;
                }

                t = value;
            }
            else if (key == "v1")
            {
                var bytes = new byte[SignatureLength];
                if (value.Length != SignatureLength * 2
                    || Convert.FromHexString(value, bytes, out _, out var written) != OperationStatus.Done || written != SignatureLength)
                {
                    return false;
                }

                signatures.Add(bytes);
            }

            // Other schemes (a later v2) are skipped: a receiver that knows v1 keeps working when one is added.
        }

        timestamp = t ?? "";
        return t is not null && signatures.Count > 0;
    }
}
