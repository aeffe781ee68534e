using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Webhooks;

/// <summary>
/// Whether a URL may be registered as a webhook target (SSRF): the rules of <see cref="WebhookAddresses"/> and then,
/// unless <c>Webhooks:AllowInsecureTargets</c>, the host name's DNS answer, every address of which must be public
/// (one private address among public ones is enough to aim a delivery inside). Deliveries check again per
/// connection, since the answer can change after registration; this check is what the caller hears about.
/// </summary>
public sealed class WebhookUrlCheck(IOptions<WebhooksOptions> options)
{
    /// <summary>How long a name may take to resolve; a request is not held longer than this on DNS.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    private readonly bool _allowInsecure = options.Value.AllowInsecureTargets;

    /// <summary>What is wrong with <paramref name="url"/> as a target, as a sentence for the url field, or null.</summary>
    public async Task<string?> ProblemAsync(string url, CancellationToken cancellation)
    {
        if (WebhookAddresses.UrlProblem(url, _allowInsecure) is { } problem)
        {
            return $"{char.ToUpperInvariant(problem[0])}{problem[1..]}.";
        }

        // UrlProblem judged an address literal already; a name is judged by what it resolves to.
        var uri = new Uri(url, UriKind.Absolute);
        if (_allowInsecure || uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, cancellation).WaitAsync(ResolveTimeout, cancellation);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            // The resolver's message can quote the name; a fixed text keeps the response free of echoes.
            return "Must name a host that resolves; this one has no address.";
        }
        catch (TimeoutException)
        {
            return $"Must name a host that resolves; this one did not within {ResolveTimeout.TotalSeconds:0} seconds.";
        }

        if (addresses.Length == 0)
        {
            return "Must name a host that resolves; this one has no address.";
        }

        return addresses.All(WebhookAddresses.IsPublic)
            ? null
            : "Must be a public address; this host resolves to a loopback, private, link-local or reserved one.";
    }
}
