using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runtype.Api.Auth;

namespace Runtype.Api.Tests;

/// <summary>Safe by default: an endpoint that does not say what a caller needs stops the API from starting.</summary>
public sealed class KeyRequirementsTests
{
    [Fact]
    public async Task An_endpoint_that_names_no_scope_or_both_stops_start_up_and_is_named()
    {
        await using var app = AppWithKeys();
        var v1 = app.MapGroup("/v1/messaging");
        v1.MapGet("/scoped", () => "ok").RequireScope(Scopes.Read);
        v1.MapGet("/forgotten", () => "open to anyone?");
        v1.MapGet("/both", () => "which?").RequireScope(Scopes.Write).AllowAnonymous();
        app.MapGet("/open", () => "ok").AllowAnonymous();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("'HTTP: GET /v1/messaging/forgotten' names no scope", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'HTTP: GET /v1/messaging/both' names a scope and also allows calls without a key", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/scoped", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/open", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_that_each_say_what_they_need_start()
    {
        await using var app = AppWithKeys();
        app.MapGroup("/v1/messaging").MapGet("/scoped", () => "ok").RequireScope(Scopes.Read);
        app.MapGet("/open", () => "ok").AllowAnonymous();

        await app.StartAsync();
        using var client = app.GetTestClient();
        using var scoped = await client.GetAsync(new Uri("/v1/messaging/scoped", UriKind.Relative));
        using var open = await client.GetAsync(new Uri("/open", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, scoped.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, open.StatusCode);
        await app.StopAsync();
    }

    /// <summary>A bare app with the key step and no keys: what start-up checks, without the rest of the API.</summary>
    private static WebApplication AppWithKeys()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(Options.Create(new ApiKeyOptions()));
        builder.Services.AddSingleton<ApiKeyRegistry>();
        var app = builder.Build();
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }
}
