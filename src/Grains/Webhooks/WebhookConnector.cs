using System.Net;
using System.Net.Sockets;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// The delivery client's connect step: resolves the target's host itself and connects only to addresses
/// <see cref="WebhookAddresses.Allowed"/> (an SSRF guard at connect time, since a DNS answer can change after the
/// endpoint was registered). A host with no allowed address fails the attempt with <see cref="WebhookTargetRefusedException"/>.
/// </summary>
public static class WebhookConnector
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Guard(bool allowInsecure) =>
        (context, cancellation) => ConnectAsync(context.DnsEndPoint, allowInsecure, cancellation);

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, bool allowInsecure, CancellationToken cancellation)
    {
        var addresses = IPAddress.TryParse(target.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(target.Host, cancellation);
        var allowed = addresses.Where(a => WebhookAddresses.Allowed(a, allowInsecure)).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException(target.Host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, target.Port, cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery's target resolved only to addresses that are not allowed (loopback, private, ...).</summary>
public sealed class WebhookTargetRefusedException : Exception
{
    public WebhookTargetRefusedException()
    {
    }

    public WebhookTargetRefusedException(string host)
        : base($"The webhook target {host} resolves to no public address.")
    {
    }

    public WebhookTargetRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
