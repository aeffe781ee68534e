using System.Net;
using System.Net.Sockets;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Shared;

/// <summary>
/// Whether a host the server will connect to on a caller's behalf (a webhook target, a mail server) is public: an
/// address literal by its range, a name by its DNS answer, every address of which must be public (one private
/// address among public ones is enough to aim inside). Connections check again (the answer can change); this check is
/// what the caller hears about.
/// </summary>
public static class PublicHost
{
    /// <summary>How long a name may take to resolve; a request is not held longer than this on DNS.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What is wrong with <paramref name="host"/> as a sentence, or null when every address it names is public.</summary>
    public static async Task<string?> ProblemAsync(string host, CancellationToken cancellation)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return WebhookAddresses.IsPublic(literal) ? null : NotPublic;
        }

        if (string.Equals(host.TrimEnd('.'), "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return NotPublic;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellation).WaitAsync(ResolveTimeout, cancellation);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            // The resolver's message can quote the name; a fixed text keeps the response free of echoes.
            return NoAddress;
        }
        catch (TimeoutException)
        {
            return $"Must name a host that resolves; this one did not within {ResolveTimeout.TotalSeconds:0} seconds.";
        }

        return addresses.Length == 0 ? NoAddress : addresses.All(WebhookAddresses.IsPublic) ? null : NotPublic;
    }

    private const string NoAddress = "Must name a host that resolves; this one has no address.";
    private const string NotPublic = "Must be a public address; this host resolves to a loopback, private, link-local or reserved one.";
}
