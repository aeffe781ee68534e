using System.Text;

namespace Runtype.Api.Tests;

/// <summary>
/// Checks a <c>Runtype-Signature</c> header with an implementation that is not ours: Node's <c>crypto</c> computes
/// HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;") over the exact bytes received.
/// </summary>
public static class WebhookSignatureCheck
{
    /// <summary>The header's <c>v1</c> values that Node computes for some secret in <paramref name="secrets"/>.</summary>
    public static async Task<IReadOnlyList<string>> MatchingAsync(string header, string body, params string[] secrets)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToList();
        var timestamp = parts.Single(p => p[0] == "t")[1];
        var given = parts.Where(p => p[0] == "v1").Select(p => p[1]).ToList();
        var matching = new List<string>();
        foreach (var secret in secrets)
        {
            var expected = await Runtype.Testing.NodeHmac.HexAsync(secret, Encoding.UTF8.GetBytes(timestamp + "." + body));
            if (given.Contains(expected))
            {
                matching.Add(secret);
            }
        }

        return matching;
    }
}
