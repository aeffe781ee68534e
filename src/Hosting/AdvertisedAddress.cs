using System.Net;
using System.Net.Sockets;

namespace Runtype.Hosting;

/// <summary>The value of <c>Cluster:AdvertisedAddress</c>: an IP address, or a host name resolved to its first IPv4 address.</summary>
internal static class AdvertisedAddress
{
    public static IPAddress Parse(string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : Dns.GetHostAddresses(value).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
              ?? throw new StartupConfigurationException($"Cluster:AdvertisedAddress '{value}' does not resolve to an IPv4 address.");
}
