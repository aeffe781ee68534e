using Runtype.Api.Shared;

namespace Runtype.Api.Auth;

/// <summary>
/// Who is calling and whether they may, in one step: reads the key from <c>Authorization</c> (bare or after
/// <c>Bearer</c>), makes its shared principal the request's user, and answers an endpoint that requires a scope
/// (<see cref="RequiredScope"/>) with 401 (no or unknown key) or 403 (the key lacks the scope) as problem+json.
/// </summary>
/// <remarks>
/// This replaces ASP.NET Core's authentication and authorization middleware, which for one static key list cost a
/// handler instance, a ticket and a policy evaluation per request (docs/decisions.md). It is a middleware rather
/// than an endpoint filter because the rate limiter and the Idempotency-Key step run before the endpoint and need
/// the caller's key and owner. It is built with the request pipeline, once every route is mapped, and refuses to be
/// built while an endpoint says neither which scope it needs nor that it needs no key (<see cref="KeyRequirements"/>).
/// </remarks>
public sealed class ApiKeyMiddleware
{
    public const string SchemeName = "ApiKey";
    public const string OwnerClaimType = "owner";
    public const string KeyIdClaimType = "key_id";

    private readonly RequestDelegate _next;
    private readonly ApiKeyRegistry _registry;

    public ApiKeyMiddleware(RequestDelegate next, ApiKeyRegistry registry, EndpointDataSource endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        KeyRequirements.Verify(endpoints.Endpoints);
        _next = next;
        _registry = registry;
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = Presented(context.Request) is { Length: > 0 } presented ? _registry.Find(presented) : null;
        if (key is not null)
        {
            context.User = key.Principal;
        }

        // No endpoint (an unknown path) or routing's own 405 endpoint: nothing to protect, the answer says so.
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>() is not { } required)
        {
            return _next(context);
        }

        if (key is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiProblems.Unauthorized().ExecuteAsync(context);
        }

        return key.Scopes.Contains(required.Scope) ? _next(context) : ApiProblems.Forbidden().ExecuteAsync(context);
    }

    private static string Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString().Trim();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : header;
    }
}

/// <summary>Endpoint metadata: the scope a key needs for this endpoint (<see cref="ApiKeyMiddleware"/>).</summary>
public sealed record RequiredScope(string Scope);

public static class RequiredScopeExtensions
{
    /// <summary>Only keys holding <paramref name="scope"/> reach the endpoint; others get 401 or 403.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequiredScope(scope));
}
