using System.Text;

namespace Runtype.Client.Tests;

/// <summary>WebhookSignature.Verify against headers made by Node's crypto, and against what must fail.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_first-secret-0123456789abcdefghijklmnopqrstuv";
    private const string Rotated = "whsec_second-secret-0123456789abcdefghijklmnopqrst";
    private const string Body = """{"id":"evt_1","type":"message.created","data":{"content":"h\u00e9llo ✓"}}""";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_header_signed_by_Node_verifies_over_the_string_and_the_bytes()
    {
        var header = await NodeSigner.HeaderAsync(Now.ToUnixTimeSeconds() - 30, Body, Secret);

        Assert.True(WebhookSignature.Verify(header, Body, [Secret], Tolerance, Now).IsValid);
        Assert.True(WebhookSignature.Verify(header, Encoding.UTF8.GetBytes(Body).AsSpan(), [Secret], Tolerance, Now).IsValid);
    }

    [Fact]
    public async Task A_tampered_body_or_a_wrong_secret_fails()
    {
        var header = await NodeSigner.HeaderAsync(Now.ToUnixTimeSeconds(), Body, Secret);

        var tampered = WebhookSignature.Verify(header, Body.Replace("evt_1", "evt_2", StringComparison.Ordinal), [Secret], Tolerance, Now);
        var wrongSecret = WebhookSignature.Verify(header, Body, [Rotated], Tolerance, Now);
        var noSecrets = WebhookSignature.Verify(header, Body, [], Tolerance, Now);

        Assert.All([tampered, wrongSecret, noSecrets], r => Assert.False(r.IsValid));
        Assert.Contains("no signature matches", tampered.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_timestamp_outside_the_tolerance_fails(int offsetSeconds)
    {
        var header = await NodeSigner.HeaderAsync(Now.ToUnixTimeSeconds() + offsetSeconds, Body, Secret);

        var result = WebhookSignature.Verify(header, Body, [Secret], Tolerance, Now);

        Assert.False(result.IsValid);
        Assert.Contains("tolerance", result.Reason, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(header, Body, [Secret], TimeSpan.FromSeconds(301), Now).IsValid);
    }

    [Fact]
    public async Task During_a_rotation_two_v1_values_verify_with_either_secret()
    {
        var header = await NodeSigner.HeaderAsync(Now.ToUnixTimeSeconds(), Body, Rotated, Secret);

        Assert.True(WebhookSignature.Verify(header, Body, [Secret], Tolerance, Now).IsValid);
        Assert.True(WebhookSignature.Verify(header, Body, [Rotated], Tolerance, Now).IsValid);
        Assert.True(WebhookSignature.Verify(header, Body, ["whsec_unrelated", Rotated], Tolerance, Now).IsValid);
        Assert.False(WebhookSignature.Verify(header, Body, ["whsec_unrelated"], Tolerance, Now).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("t=,v1=")]
    [InlineData("t=1790000000")]
    [InlineData("v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1790000000,t=1790000000,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1790000000,v1=zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1790000000,v1=00")]
    [InlineData("t=99999999999999999999999,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1790000000,,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1790000000,=x,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Garbage_headers_are_invalid_not_exceptions(string? header)
    {
        var result = WebhookSignature.Verify(header, Body, [Secret], Tolerance, Now);

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_header_with_an_unknown_scheme_beside_v1_still_verifies()
    {
        var header = await NodeSigner.HeaderAsync(Now.ToUnixTimeSeconds(), Body, Secret);

        Assert.True(WebhookSignature.Verify(header + ",v2=abc", Body, [Secret], Tolerance, Now).IsValid);
    }
}
