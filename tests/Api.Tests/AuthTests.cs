using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Api.Auth;
using Runtype.Grains;

namespace Runtype.Api.Tests;

/// <summary>
/// Who may call what: keys, scopes and the exact status each failure answers. The matrix is every endpoint the app
/// maps (its <see cref="EndpointDataSource"/>) with the scope it names, so a new endpoint is covered without
/// anyone editing this file.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthTests(ApiFactory factory)
{
    private const string AnyUlid = "01JAAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>A value of the right shape for a route parameter, by the collection the route names just before it.</summary>
    private static readonly Dictionary<string, string> IdsIn = new(StringComparer.Ordinal)
    {
        ["conversations"] = Identifiers.ConversationPrefix + AnyUlid,
        ["messages"] = Identifiers.MessagePrefix + AnyUlid,
        ["surfaces"] = "email",
        ["webhooks"] = Identifiers.WebhookPrefix + AnyUlid,
    };

    /// <summary>For each scope, a key of owner A that holds it and one that holds every scope but it.</summary>
    private static readonly Dictionary<string, (string With, string Without)> KeysFor = new(StringComparer.Ordinal)
    {
        [Scopes.Read] = (ApiFactory.ReadOnlyKey, ApiFactory.WriteOnlyKey),
        [Scopes.Write] = (ApiFactory.WriteOnlyKey, ApiFactory.ReadOnlyKey),
    };

    /// <summary>
    /// One request per endpoint and method. An endpoint that takes a body gets <c>{}</c>: past authorization it is a
    /// 400, so no request of the matrix changes anything (a valid webhook would send owner A's events anywhere).
    /// </summary>
    public sealed record Call(string Endpoint, string Method, string Path, bool TakesBody, string Scope)
    {
        public override string ToString() => $"{Method} {Path} ({Endpoint}, {Scope})";
    }

    [Fact]
    public void The_matrix_holds_every_endpoint_but_those_that_say_they_need_no_key()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var optedOut = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).ToList();
        var calls = Calls();
        var covered = calls.Select(c => c.Endpoint).Distinct(StringComparer.Ordinal).Count();

        Assert.True(covered > 0, "The data source lists no endpoint that names a scope.");
        Assert.Equal(endpoints.Count - optedOut.Count, covered);
        Assert.Equal(calls.Count, calls.Select(c => (c.Method, c.Path)).Distinct().Count());

        // Needing no key is the exception, and today only the operations endpoints outside the API take it.
        Assert.All(optedOut, e => Assert.DoesNotContain("/v1/", Route(e), StringComparison.Ordinal));
        Assert.All(KeysFor.Keys, scope => Assert.Contains(scope, Scopes.All));
        Assert.All(Scopes.All, scope => Assert.Contains(scope, KeysFor.Keys));
    }

    [Fact]
    public Task No_authorization_header_is_a_401_problem_that_asks_for_a_key() => ForEveryCallAsync(async call =>
    {
        using var client = factory.ClientFor(apiKey: null);
        using var response = await SendAsync(client, call);
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    });

    [Fact]
    public Task An_empty_authorization_header_is_a_401() => ForEveryCallAsync(async call =>
    {
        using var client = factory.ClientFor(apiKey: null);
        using var response = await SendAsync(client, call, request => request.Headers.TryAddWithoutValidation("Authorization", ""));
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    });

    [Fact]
    public Task An_unknown_key_is_a_401_bare_or_bearer() => ForEveryCallAsync(async call =>
    {
        using (var bare = factory.ClientFor("rt_not_a_key_we_issued"))
        using (var response = await SendAsync(bare, call))
        {
            await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var bearer = factory.BearerClientFor("rt_not_a_key_we_issued");
        using var bearerResponse = await SendAsync(bearer, call);
        await bearerResponse.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    });

    [Fact]
    public Task A_key_without_the_needed_scope_is_a_403() => ForEveryCallAsync(async call =>
    {
        // The read-only key lacks write; the write-only key lacks read.
        using var client = factory.ClientFor(KeysFor[call.Scope].Without);
        using var response = await SendAsync(client, call);
        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
    });

    [Fact]
    public Task A_key_with_the_needed_scope_gets_past_authorization() => ForEveryCallAsync(async call =>
    {
        using var client = factory.ClientFor(KeysFor[call.Scope].With);
        using var response = await SendAsync(client, call);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True((int)response.StatusCode < 500, $"{call} answered {(int)response.StatusCode}");
    });

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

    /// <summary>The endpoints that say they need no key, found the same way as the matrix, answer without one.</summary>
    [Fact]
    public async Task Every_endpoint_that_needs_no_key_answers_without_one()
    {
        var optedOut = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => Route(e).Replace("{documentName}", "v1", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(optedOut);
        using var client = factory.ClientFor(apiKey: null);
        foreach (var path in optedOut)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode} without a key");
        }
    }

    /// <summary>Every endpoint that names a scope, once per HTTP method, with its route parameters filled in.</summary>
    private List<Call> Calls()
    {
        var calls = new List<Call>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<RequiredScope>() is not { } required)
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            Assert.True(methods is { Count: > 0 }, $"{endpoint.DisplayName} names no HTTP method; the matrix cannot call it.");
            var takesBody = endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null;
            calls.AddRange(methods.Select(method => new Call(endpoint.DisplayName ?? Route(endpoint), method, Path(endpoint), takesBody, required.Scope)));
        }

        return calls;
    }

    /// <summary>Runs <paramref name="check"/> for every call and reports every call that failed, not only the first.</summary>
    private async Task ForEveryCallAsync(Func<Call, Task> check)
    {
        var calls = Calls();
        Assert.NotEmpty(calls);
        var failures = new List<string>();
        foreach (var call in calls)
        {
            try
            {
                await check(call);
            }
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException or KeyNotFoundException)
            {
                failures.Add($"{call}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Call call, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
        if (call.TakesBody)
        {
            request.Content = new StringContent("{}", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        configure?.Invoke(request);

        // Headers only: the event stream's 200 never ends, and every other answer is read in full afterwards.
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static string Route(Endpoint endpoint) =>
        endpoint is RouteEndpoint route ? "/" + string.Join('/', route.RoutePattern.PathSegments.Select(Text)) : endpoint.DisplayName ?? "";

    /// <summary>The endpoint's path with each parameter given an id of the collection the route names before it.</summary>
    private static string Path(Endpoint endpoint)
    {
        Assert.True(endpoint is RouteEndpoint, $"{endpoint.DisplayName} is not a route endpoint; the matrix cannot call it.");
        var segments = new List<string>();
        var collection = "";
        foreach (var segment in ((RouteEndpoint)endpoint).RoutePattern.PathSegments)
        {
            var text = new StringBuilder();
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text.Append(literal.Content);
                        collection = literal.Content;
                        break;
                    case RoutePatternParameterPart parameter:
                        Assert.True(IdsIn.TryGetValue(collection, out var id),
                            $"{endpoint.DisplayName}: no id for {{{parameter.Name}}} after '{collection}'; add one to {nameof(IdsIn)}.");
                        text.Append(id);
                        break;
                    case RoutePatternSeparatorPart separator:
                        text.Append(separator.Content);
                        break;
                }
            }

            segments.Add(text.ToString());
        }

        return "/" + string.Join('/', segments);
    }

    private static string Text(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    }));
}
