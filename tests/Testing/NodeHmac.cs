using System.Diagnostics;

namespace Runtype.Testing;

/// <summary>
/// HMAC-SHA256 by an implementation that is not ours: Node's <c>crypto</c>, in a child process, over the exact
/// bytes given. Webhook signature tests check our signer and our verifier against it.
/// </summary>
public static class NodeHmac
{
    /// <summary>The lower-case hex HMAC-SHA256 of <paramref name="payload"/> keyed with <paramref name="secret"/>'s UTF-8 bytes.</summary>
    public static async Task<string> HexAsync(string secret, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
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
        return node.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException("node failed: " + await node.StandardError.ReadToEndAsync());
    }
}
