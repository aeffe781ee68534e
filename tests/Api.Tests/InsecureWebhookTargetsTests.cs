using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>With <c>Webhooks:AllowInsecureTargets</c> (Development), a local receiver over http is a valid target.</summary>
[Collection(InsecureWebhooksCollection.Name)]
public sealed class InsecureWebhookTargetsTests(InsecureWebhooksApiFactory factory)
{
    [Theory]
    [InlineData("http://127.0.0.1:{0}/hook")]
    [InlineData("http://localhost:{0}/hook")]
    [InlineData("https://10.1.2.3:{0}/")]
    public async Task A_loopback_or_private_http_target_is_accepted(string template)
    {
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Runtype.Testing.Ports.Free());
        using var client = factory.ClientForNewOwner();
        using var response = await client.PostJsonAsync(WebhookTests.Webhooks, JsonSerializer.Serialize(new { url }));
        Assert.Equal(url, (await response.ExpectJsonAsync(HttpStatusCode.Created)).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/hook")]
    [InlineData("http://user:pw@127.0.0.1/hook")]
    [InlineData("http://127.0.0.1/hook#fragment")]
    public async Task A_target_that_is_not_an_http_url_without_credentials_is_still_refused(string url)
    {
        using var client = factory.ClientForNewOwner();
        using var response = await client.PostJsonAsync(WebhookTests.Webhooks, JsonSerializer.Serialize(new { url }));
        await response.ExpectValidationErrorsAsync("url");
    }
}
