using System.Diagnostics;
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
            header.Append(",v1=").Append(await HmacAsync(secret, Encoding.UTF8.GetBytes(t + "." + body)));
        }

        return header.ToString();
    }

    private static async Task<string> HmacAsync(string secret, byte[] payload)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add("const c=require('crypto');process.stdout.write(c.createHmac('sha256',process.argv[1]).update(require('fs').readFileSync(0)).digest('hex'))");
        info.ArgumentList.Add(secret);
        using var node = Process.Start(info)!;
        await node.StandardInput.BaseStream.WriteAsync(payload);
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, await node.StandardError.ReadToEndAsync());
        return output.Trim();
    }
}
