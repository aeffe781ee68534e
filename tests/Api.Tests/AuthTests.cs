using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Runtype.Api.Tests;

/// <summary>Who may call what: keys, scopes and the exact status each failure answers.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthTests(ApiFactory factory)
{
    private const string AnyConversation = "conv_01JAAAAAAAAAAAAAAAAAAAAAAA";
    private const string AnyWebhook = "whk_01JAAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>Every endpoint of the API with a body that would be valid, and the scope it needs.</summary>
    public static TheoryData<string, string, string?, string> Endpoints => new()
    {
        { "GET", "/v1/messaging/conversations", null, "read" },
        { "POST", "/v1/messaging/conversations", """{"surfaceId":"email"}""", "write" },
        { "GET", $"/v1/messaging/conversations/{AnyConversation}", null, "read" },
        { "PUT", $"/v1/messaging/conversations/{AnyConversation}", """{"subject":"s"}""", "write" },
        { "DELETE", $"/v1/messaging/conversations/{AnyConversation}", null, "write" },
        { "GET", $"/v1/messaging/conversations/{AnyConversation}/messages", null, "read" },
        { "POST", $"/v1/messaging/conversations/{AnyConversation}/messages", """{"content":"hi","role":"user"}""", "write" },
        { "PUT", "/v1/messaging/surfaces/email", """{"name":"Email","type":"email"}""", "write" },
        { "GET", "/v1/messaging/surfaces/email", null, "read" },
        { "GET", "/v1/messaging/webhooks", null, "read" },

        // A 400 past authorization: a valid target would give owner A an endpoint that every other test's events go to.
        { "POST", "/v1/messaging/webhooks", """{"url":"https://192.0.2.1/hook"}""", "write" },
        { "GET", $"/v1/messaging/webhooks/{AnyWebhook}", null, "read" },
        { "PUT", $"/v1/messaging/webhooks/{AnyWebhook}", """{"enabled":false}""", "write" },
        { "DELETE", $"/v1/messaging/webhooks/{AnyWebhook}", null, "write" },
        { "POST", $"/v1/messaging/webhooks/{AnyWebhook}/rotate-secret", null, "write" },
        { "GET", $"/v1/messaging/webhooks/{AnyWebhook}/deliveries", null, "read" },
        { "POST", $"/v1/messaging/webhooks/{AnyWebhook}/redeliver", """{"eventId":"evt_01JAAAAAAAAAAAAAAAAAAAAAAA"}""", "write" },
    };

    [Theory, MemberData(nameof(Endpoints))]
    public async Task No_authorization_header_is_a_401_problem(string method, string path, string? body, string scope)
    {
        _ = scope;
        using var client = factory.ClientFor(apiKey: null);
        using var response = await client.SendAsync(Request(method, path, body));
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task An_empty_authorization_header_is_a_401(string method, string path, string? body, string scope)
    {
        _ = scope;
        using var client = factory.ClientFor(apiKey: null);
        using var request = Request(method, path, body);
        request.Headers.TryAddWithoutValidation("Authorization", "");
        using var response = await client.SendAsync(request);
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task An_unknown_key_is_a_401_bare_or_bearer(string method, string path, string? body, string scope)
    {
        _ = scope;
        using (var bare = factory.ClientFor("rt_not_a_key_we_issued"))
        using (var response = await bare.SendAsync(Request(method, path, body)))
        {
            await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var bearer = factory.BearerClientFor("rt_not_a_key_we_issued");
        using var bearerResponse = await bearer.SendAsync(Request(method, path, body));
        await bearerResponse.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task A_key_without_the_needed_scope_is_a_403(string method, string path, string? body, string scope)
    {
        // The read-only key lacks write; the write-only key lacks read.
        using var client = factory.ClientFor(scope == "write" ? ApiFactory.ReadOnlyKey : ApiFactory.WriteOnlyKey);
        using var response = await client.SendAsync(Request(method, path, body));
        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task A_key_with_the_needed_scope_gets_past_authorization(string method, string path, string? body, string scope)
    {
        using var client = factory.ClientFor(scope == "write" ? ApiFactory.WriteOnlyKey : ApiFactory.ReadOnlyKey);
        using var response = await client.SendAsync(Request(method, path, body));
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_key_sent_as_Bearer_works_like_a_bare_key()
    {
        using var bearer = factory.BearerClientFor(ApiFactory.OwnerAKey);
        var conversation = await bearer.CreateConversationAsync();

        using var bare = factory.ClientFor(ApiFactory.OwnerAKey);
        using var response = await bare.GetAsync($"{ApiClientExtensions.Conversations}/{conversation.Id()}");
        await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_configured_only_by_its_SHA256_hash_authenticates_as_its_owner()
    {
        using var hashed = factory.ClientFor(ApiFactory.HashedKey);
        var conversation = await hashed.CreateConversationAsync();

        // Same owner as the plain owner-A key: it sees the conversation.
        using var ownerA = factory.ClientFor(ApiFactory.OwnerAKey);
        using var response = await ownerA.GetAsync($"{ApiClientExtensions.Conversations}/{conversation.Id()}");
        await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_hash_itself_is_not_a_key()
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(ApiFactory.HashedKey)));
        using var client = factory.ClientFor(hash);
        using var response = await client.GetAsync(ApiClientExtensions.Conversations);
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_with_a_different_case_or_extra_characters_is_unknown()
    {
        foreach (var near in new[] { ApiFactory.OwnerAKey.ToUpperInvariant(), ApiFactory.OwnerAKey + "x", ApiFactory.OwnerAKey[..^1] })
        {
            using var client = factory.ClientFor(near);
            using var response = await client.GetAsync(ApiClientExtensions.Conversations);
            await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_401_asks_for_a_key_in_WWW_Authenticate()
    {
        using var client = factory.ClientFor(apiKey: null);
        using var response = await client.GetAsync(ApiClientExtensions.Conversations);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task Operations_endpoints_need_no_key(string path)
    {
        using var client = factory.ClientFor(apiKey: null);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }
}
