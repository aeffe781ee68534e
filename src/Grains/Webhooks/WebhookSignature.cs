using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// The <c>Runtype-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>,
/// one <c>v1</c> per secret in use (two during a rotation's overlap). The key is the whole secret string as
/// UTF-8, <c>whsec_</c> prefix included, as a receiver copies it from the create answer.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes, base64url without padding.</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Header(long unixSeconds, IReadOnlyList<string> secrets, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var timestamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestamp.Length] = (byte)'.';
        body.CopyTo(signed.AsSpan(timestamp.Length + 1));

        var header = new StringBuilder("t=").Append(timestamp);
        foreach (var secret in secrets)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
            header.Append(",v1=").Append(Convert.ToHexStringLower(mac));
        }

        return header.ToString();
    }
}
