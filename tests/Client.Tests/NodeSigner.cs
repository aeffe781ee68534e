using System.Text;

namespace Runtype.Client.Tests;

/// <summary>Signs like the API does, with an implementation that is not ours: Node's <c>crypto</c> HMAC-SHA256.</summary>
public static class NodeSigner
{
    /// <summary>A <c>Runtype-Signature</c> header for <paramref name="body"/> at <paramref name="timestamp"/>, one v1 per secret.</summary>
    public static async Task<string> HeaderAsync(long timestamp, string body, params string[] secrets)
    {
        var t = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var header = new StringBuilder("t=").Append(t);
        foreach (var secret in secrets)
        {
            header.Append(",v1=").Append(await Runtype.Testing.NodeHmac.HexAsync(secret, Encoding.UTF8.GetBytes(t + "." + body)));
        }

        return header.ToString();
    }
}
