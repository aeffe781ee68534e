using Microsoft.Extensions.Options;
using Runtype.Api.Shared;
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

        return await PublicHost.ProblemAsync(uri.IdnHost, cancellation);
    }
}
