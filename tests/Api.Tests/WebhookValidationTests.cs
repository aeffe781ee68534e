using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>
/// Webhook bodies and queries are checked for shape before any grain is asked: every bad field is named in one
/// 400, and a target that could reach inside (SSRF) is refused while insecure targets are off. Nothing here is
/// created, so every test uses owner A of the webhooks host.
/// </summary>
[Collection(WebhooksCollection.Name)]
public sealed class WebhookValidationTests(WebhooksApiFactory factory)
{
    private const string Webhooks = WebhookTests.Webhooks;
    private const string AnyWebhook = $"{Webhooks}/whk_01JAAAAAAAAAAAAAAAAAAAAAAA";
    private const string PublicUrl = WebhookTests.PublicUrl;

    [Fact]
    public async Task A_create_without_url_names_url()
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Webhooks, """{"description":"no target"}""");
        await response.ExpectValidationErrorsAsync("url");
    }

    [Fact]
    public async Task A_create_with_every_field_wrong_names_every_field()
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Webhooks, """{"url":5,"types":"message.created","description":7}""");
        await response.ExpectValidationErrorsAsync("url", "types", "description");
    }

    [Theory]
    [InlineData("""{"url":null}""", "url")]
    [InlineData("""{"url":""}""", "url")]
    [InlineData("""{"url":"not a url"}""", "url")]
    [InlineData("""{"url":"/relative/path"}""", "url")]
    [InlineData("""{"url":"ftp://8.8.8.8/hook"}""", "url")]
    [InlineData("""{"url":"https://8.8.8.8/hook#fragment"}""", "url")]
    [InlineData("""{"url":"https://8.8.8.8/a\u0000b"}""", "url")]
    [InlineData("""{"url":"https://8.8.8.8/","types":[]}""", "types")]
    [InlineData("""{"url":"https://8.8.8.8/","types":{"message.created":true}}""", "types")]
    [InlineData("""{"url":"https://8.8.8.8/","types":["message.created","message.created"]}""", "types[1]")]
    [InlineData("""{"url":"https://8.8.8.8/","types":["message.created","message.deleted"]}""", "types[1]")]
    [InlineData("""{"url":"https://8.8.8.8/","types":["Message.Created"]}""", "types[0]")]
    [InlineData("""{"url":"https://8.8.8.8/","types":["message.created",4]}""", "types[1]")]
    [InlineData("""{"url":"https://8.8.8.8/","types":[null]}""", "types[0]")]
    [InlineData("""{"url":"https://8.8.8.8/","types":["message.created\u0000"]}""", "types[0]")]
    [InlineData("""{"url":"https://8.8.8.8/","types":["\ud800"]}""", "types[0]")]
    [InlineData("""{"url":"https://8.8.8.8/","description":5}""", "description")]
    [InlineData("""{"url":"https://8.8.8.8/","description":"a\u0000b"}""", "description")]
    [InlineData("""{"url":"https://8.8.8.8/","description":"\udc00 lone"}""", "description")]
    [InlineData("""{"url":"https://8.8.8.8/","other":"a\u0000b"}""", "other")]
    public async Task A_create_field_of_the_wrong_shape_is_named(string body, string field)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Webhooks, body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Fact]
    public async Task Each_bad_element_of_types_is_named_by_its_index()
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Webhooks,
            """{"url":"https://8.8.8.8/","types":["nope","message.created","message.created",3,"conversation.created"]}""");
        await response.ExpectValidationErrorsAsync("types[0]", "types[2]", "types[3]");
    }

    [Fact]
    public async Task A_url_over_2048_characters_or_a_description_over_500_is_named()
    {
        using var client = factory.ClientFor();
        var body = JsonSerializer.Serialize(new { url = $"{PublicUrl}{new string('p', 2049 - PublicUrl.Length)}", description = new string('d', 501) });
        using var response = await client.PostJsonAsync(Webhooks, body);
        await response.ExpectValidationErrorsAsync("url", "description");
    }

    [Theory]
    [InlineData("http://8.8.8.8/hook")]
    [InlineData("https://127.0.0.1/")]
    [InlineData("https://127.0.0.1:8443/hook")]
    [InlineData("https://10.1.2.3/")]
    [InlineData("https://172.16.0.1/")]
    [InlineData("https://192.168.1.10/")]
    [InlineData("https://100.64.0.1/")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://0.0.0.0/")]
    [InlineData("https://2130706433/")]
    [InlineData("https://[::1]/")]
    [InlineData("https://[::ffff:127.0.0.1]/")]
    [InlineData("https://[fd00::1]/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://[::ffff:0:7f00:1]/h")] // SIIT, 127.0.0.1
    [InlineData("https://[::ffff:0:a00:1]/h")] // SIIT, 10.0.0.1
    [InlineData("https://[64:ff9b::a9fe:a9fe]/h")] // NAT64 well-known, 169.254.169.254
    [InlineData("https://[64:ff9b:1::a00:1]/h")] // NAT64 local-use
    [InlineData("https://[64:ff9b:1:7f00:1::]/h")]
    [InlineData("https://[2002:7f00:1::]/h")] // 6to4, 127.0.0.1
    [InlineData("https://[2002:c0a8:101::1]/h")] // 6to4, 192.168.1.1
    [InlineData("https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/h")] // Teredo, client 10.0.0.1
    [InlineData("https://[2001:0:a00:1:8000:63bf:3fff:fdd2]/h")] // Teredo, server 10.0.0.1
    [InlineData("https://[::7f00:1]/h")] // IPv4-compatible
    [InlineData("https://[100::1]/h")] // discard-only
    [InlineData("https://localhost/")]
    [InlineData("https://LOCALHOST./")]
    [InlineData("https://hooks.localhost/")]
    [InlineData("https://user:pw@example.com/")]
    [InlineData("https://user@8.8.8.8/")]
    public async Task A_target_that_is_not_https_to_a_public_address_is_refused(string url)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Webhooks, JsonSerializer.Serialize(new { url }));
        await response.ExpectValidationErrorsAsync("url");
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_non_public_address_is_refused()
    {
        // This machine's own name resolves from its hosts file, to a loopback or private address.
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Webhooks, JsonSerializer.Serialize(new { url = $"https://{Dns.GetHostName()}/hook" }));
        var problem = await response.ExpectValidationErrorsAsync("url");
        Assert.Contains("resolves to a loopback, private", UrlError(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_is_refused()
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Webhooks, """{"url":"https://hooks.runtype-test.invalid/"}""");
        var problem = await response.ExpectValidationErrorsAsync("url");
        Assert.StartsWith("Must name a host that resolves", UrlError(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_names_every_bad_field()
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync(AnyWebhook, """{"url":"http://8.8.8.8/","types":[],"description":false,"enabled":"no"}""");
        await response.ExpectValidationErrorsAsync("url", "types", "description", "enabled");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"secret":"whsec_mine"}""")]
    public async Task An_update_without_a_known_field_is_a_400(string body)
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync(AnyWebhook, body);
        await response.ExpectValidationErrorsAsync("body");
    }

    [Theory]
    [InlineData("""{"url":null}""", "url")]
    [InlineData("""{"enabled":null}""", "enabled")]
    [InlineData("""{"enabled":1}""", "enabled")]
    [InlineData("""{"types":["message.created","conversation.deleted","message.created"]}""", "types[2]")]
    public async Task An_update_field_of_the_wrong_shape_is_named(string body, string field)
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync(AnyWebhook, body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("ten")]
    public async Task A_deliveries_limit_outside_1_to_200_names_limit(string limit)
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{AnyWebhook}/deliveries?limit={limit}");
        await response.ExpectValidationErrorsAsync("limit");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"eventId":null}""")]
    [InlineData("""{"eventId":42}""")]
    [InlineData("""{"eventId":""}""")]
    [InlineData("""{"eventId":"evt_short"}""")]
    [InlineData("""{"eventId":"conv_01JAAAAAAAAAAAAAAAAAAAAAAA"}""")]
    [InlineData("""{"eventId":"evt_01jaaaaaaaaaaaaaaaaaaaaaaa"}""")]
    public async Task A_redeliver_without_an_event_id_names_eventId(string body)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync($"{AnyWebhook}/redeliver", body);
        await response.ExpectValidationErrorsAsync("eventId");
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/rotate-secret")]
    [InlineData("GET", "/deliveries")]
    [InlineData("POST", "/redeliver")]
    public async Task An_id_not_shaped_like_a_webhook_id_is_a_404(string method, string suffix)
    {
        using var client = factory.ClientFor();
        foreach (var id in new[] { "nope", "conv_01JAAAAAAAAAAAAAAAAAAAAAAA", "whk_01JAAAAAAAAAAAAAAAAAAAAAA" })
        {
            using var response = await client.SendJsonAsync(new HttpMethod(method), $"{Webhooks}/{id}{suffix}", """{"description":"x","eventId":"evt_01JAAAAAAAAAAAAAAAAAAAAAAA"}""");
            await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        }
    }

    private static string UrlError(JsonElement problem) => problem.GetProperty("errors").GetProperty("url")[0].GetString()!;
}
