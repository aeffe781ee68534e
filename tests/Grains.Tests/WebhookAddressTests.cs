using System.Net;
using Runtype.Grains.Webhooks;

namespace Runtype.Grains.Tests;

/// <summary>
/// The SSRF rule for webhook targets on IPv6 forms that carry an IPv4 address for a translator or relay on the path:
/// each is judged as the IPv4 address it carries, so none reaches a loopback or private address by another spelling.
/// </summary>
public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("::ffff:0:7f00:1")] // SIIT-translated 127.0.0.1
    [InlineData("::ffff:0:a00:1")] // SIIT-translated 10.0.0.1
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped
    [InlineData("64:ff9b::7f00:1")] // NAT64 well-known prefix, 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64, 169.254.169.254
    [InlineData("64:ff9b:1::a00:1")] // NAT64 local-use prefix
    [InlineData("64:ff9b:1:808:8::")] // NAT64 local-use, even carrying a public address
    [InlineData("2002:7f00:1::")] // 6to4, 127.0.0.1
    [InlineData("2002:a00:1::1")] // 6to4, 10.0.0.1
    [InlineData("2002:c0a8:101:1::1")] // 6to4, 192.168.1.1
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe")] // Teredo, client 10.0.0.1 (inverted)
    [InlineData("2001:0:a00:1:8000:63bf:f7f7:f7f7")] // Teredo, server 10.0.0.1
    [InlineData("::7f00:1")] // IPv4-compatible
    [InlineData("::808:808")] // IPv4-compatible, deprecated whatever it carries
    [InlineData("100::1")] // discard-only
    [InlineData("::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("2001:db8::1")]
    public void An_address_that_leads_to_a_non_public_one_is_not_public(string address) =>
        Assert.False(WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::ffff:0:808:808")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7")] // Teredo, server 65.54.227.120, client 8.8.8.8
    public void A_translated_public_address_stays_public(string address) =>
        Assert.True(WebhookAddresses.IsPublic(IPAddress.Parse(address)));
}
