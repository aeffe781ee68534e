using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Auth;
using Runtype.Api.Cluster;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Surfaces;

/// <summary>The surfaces extension: register, rename and read the channels conversations live on.</summary>
public static class SurfacesApi
{
    public static RouteGroupBuilder MapSurfacesApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/surfaces").WithTags("Surfaces");

        api.MapPut("/{id}", PutSurface).RequireScope(Scopes.Write)
            .WithName("PutSurface").WithSummary("Register or rename a surface (extension)")
            .WithDescription("Registers the surface, or renames it if it exists. Conversations on it then show it in their surface field, and inherit its inactivity timers (autoCloseAfter, autoArchiveAfter) unless they set their own; a change re-arms their timers before the answer.");
        api.MapGet("/{id}", GetSurface).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSurface").WithSummary("Get a surface (extension)")
            .WithDescription("A registered surface of the caller's.");

        return api;
    }

    public static async Task<Results<Ok<SurfaceResponse>, RejectedBody>> PutSurface(
        string id, PutSurfaceRequest body, ClaimsPrincipal user, [AsParameters] SurfaceServices services)
    {
        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var (name, type, timers) = body.Value;
        var surface = await services.Grains.Surface(user, id).Put(name, type, timers);
        return TypedResults.Ok(SurfaceResponse.From(surface));
    }

    public static async Task<Results<Ok<SurfaceResponse>, ProblemHttpResult>> GetSurface(
        string id, ClaimsPrincipal user, [AsParameters] SurfaceServices services)
    {
        if (TextFields.SurfaceId.Problem(id) is not null)
        {
            return ApiProblems.NotFound("surface");
        }

        return await services.Grains.Surface(user, id).Get() is { } surface
            ? TypedResults.Ok(SurfaceResponse.From(surface))
            : ApiProblems.NotFound("surface");
    }
}

public sealed record SurfaceResponse(
    string Id, string Name, string Type, string? AutoCloseAfter, string? AutoArchiveAfter, string CreatedAt, string UpdatedAt)
{
    public static SurfaceResponse From(Surface s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Name, s.Type, Durations.Format(s.Timers.CloseAfter), Durations.Format(s.Timers.ArchiveAfter),
            Timestamps.Format(s.CreatedAt), Timestamps.Format(s.UpdatedAt));
    }
}
