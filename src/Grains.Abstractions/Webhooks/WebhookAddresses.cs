using System.Net;
using System.Net.Sockets;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// Which webhook targets are allowed (SSRF): <c>https</c> to public addresses only, unless insecure targets are
/// allowed. Checked when an endpoint is registered or changed, and again for every address a delivery connects
/// to, since a name's DNS answer can change after registration.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Why <paramref name="url"/> cannot be a webhook target without resolving its host, or null.</summary>
    public static string? UrlProblem(string url, bool allowInsecure)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length > WebhookLimits.UrlLength)
        {
            return $"must be at most {WebhookLimits.UrlLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            return "must be an absolute https URL";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowInsecure)
        {
            return "must use https";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "must not have a fragment";
        }

        if (allowInsecure)
        {
            return null;
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            return IsPublic(literal) ? null : "must be a public address";
        }

        var host = uri.IdnHost.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? "must be a public address"
            : null;
    }

    /// <summary>Whether a delivery may connect to <paramref name="address"/>.</summary>
    public static bool Allowed(IPAddress address, bool allowInsecure) => allowInsecure || IsPublic(address);

    /// <summary>
    /// False for loopback, private, carrier-grade NAT, link-local, multicast, documentation, benchmarking and
    /// reserved ranges, the unspecified address and IPv6 unique-local. An IPv6 address that carries an IPv4 address
    /// for a translation mechanism is judged as the IPv4 address it carries, since a relay or translator on the path
    /// delivers to it: IPv4-mapped and SIIT-translated (<c>::ffff:0:0/96</c>), NAT64's well-known prefix
    /// (<c>64:ff9b::/96</c>), 6to4 (<c>2002::/16</c>) and Teredo (<c>2001::/32</c>: its server and its client, both
    /// must be public). NAT64's local-use prefix (<c>64:ff9b:1::/48</c>, RFC 8215) is never public, nor is the
    /// deprecated IPv4-compatible form (<c>::/96</c>), nor the discard prefix (<c>100::/64</c>).
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        Span<byte> b = stackalloc byte[16];
        if (!address.TryWriteBytes(b, out var length))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork && length == 4)
        {
            return IsPublicV4(b[..4]);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || length != 16)
        {
            return false;
        }

        if (b[..12].SequenceEqual(Nat64Prefix) || b[..12].SequenceEqual(SiitPrefix))
        {
            return IsPublicV4(b[12..16]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(b[2..6]); // 6to4: the relay delivers to the IPv4 address in bits 16-47
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            // Teredo: the server in bits 32-63, the client (each bit inverted) in the last 32.
            Span<byte> client = [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]];
            return IsPublicV4(b[4..8]) && IsPublicV4(client);
        }

        if (b[..6].SequenceEqual(Nat64LocalPrefix) || (b[..8].SequenceEqual(DiscardPrefix)))
        {
            return false;
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast)
        {
            return false;
        }

        return (b[0] & 0xFE) != 0xFC // fc00::/7 unique local
            && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // 2001:db8::/32 documentation
            && !b[..10].SequenceEqual(stackalloc byte[10]); // ::/80: unspecified, loopback, IPv4-compatible
    }

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0];

    private static ReadOnlySpan<byte> Nat64LocalPrefix => [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01];

    private static ReadOnlySpan<byte> SiitPrefix => [0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0];

    private static ReadOnlySpan<byte> DiscardPrefix => [0x01, 0x00, 0, 0, 0, 0, 0, 0];

    private static bool IsPublicV4(ReadOnlySpan<byte> a) => a[0] switch
    {
        0 or 10 or 127 => false,
        >= 224 => false, // multicast, reserved, broadcast
        100 => a[1] is < 64 or > 127, // 100.64.0.0/10 carrier-grade NAT
        169 => a[1] != 254, // link-local
        172 => a[1] is < 16 or > 31,
        192 => !(a[1] == 168 || (a[1] == 0 && (a[2] == 0 || a[2] == 2)) || (a[1] == 88 && a[2] == 99)),
        198 => !(a[1] is 18 or 19 || (a[1] == 51 && a[2] == 100)),
        203 => !(a[1] == 0 && a[2] == 113),
        _ => true,
    };
}
