using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Auth;
using Runtype.Api.Cluster;
using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.Api.Surfaces;

/// <summary>The surfaces extension: register, rename and read the channels conversations live on, and poll their mailboxes.</summary>
public static class SurfacesApi
{
    public static RouteGroupBuilder MapSurfacesApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/surfaces").WithTags("Surfaces");

        api.MapPut("/{id}", PutSurface).RequireScope(Scopes.Write)
            .WithName("PutSurface").WithSummary("Register or rename a surface (extension)")
            .WithDescription("Registers the surface, or renames it if it exists. Conversations on it then show it in their surface field, and inherit its inactivity timers (autoCloseAfter, autoArchiveAfter) unless they set their own; a change re-arms their timers before the answer. A surface of type email may carry email settings: a mailbox polled into conversations and a server outbound messages are emailed through (passwords write-only, encrypted at rest).");
        api.MapGet("/{id}", GetSurface).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSurface").WithSummary("Get a surface (extension)")
            .WithDescription("A registered surface of the caller's, with its mailbox's status when it has email settings.");
        api.MapPost("/{id}/poll", PollSurface).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("PollSurface").WithSummary("Trigger an immediate IMAP poll (extension)")
            .WithDescription("Asks the cluster to read the surface's mailbox now; 202 at once. A poll asked for while one runs is merged into it; its outcome shows on the surface (email.lastPollAt, email.status, email.lastError). 404 when the caller has no such surface, 409 when the surface reads no mailbox (no email.imap settings).");

        return api;
    }

    public static async Task<Results<Ok<SurfaceResponse>, ValidationProblem, RejectedBody>> PutSurface(
        string id, PutSurfaceRequest body, ClaimsPrincipal user, [AsParameters] SurfaceServices services, CancellationToken cancellation)
    {
        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var (name, type, timers, email) = body.Value;
        if (await services.EmailHosts.ProblemsAsync(email, cancellation) is { Count: > 0 } problems)
        {
            return ApiProblems.Validation(problems);
        }

        var surface = await services.Grains.Surface(user, id).Put(name, type, timers, email);
        return TypedResults.Ok(await ResponseAsync(surface, user, services));
    }

    public static async Task<Results<Ok<SurfaceResponse>, ProblemHttpResult>> GetSurface(
        string id, ClaimsPrincipal user, [AsParameters] SurfaceServices services)
    {
        if (TextFields.SurfaceId.Problem(id) is not null)
        {
            return ApiProblems.NotFound("surface");
        }

        return await services.Grains.Surface(user, id).Get() is { } surface
            ? TypedResults.Ok(await ResponseAsync(surface, user, services))
            : ApiProblems.NotFound("surface");
    }

    public static async Task<Results<Accepted<PollAccepted>, ProblemHttpResult>> PollSurface(
        string id, ClaimsPrincipal user, [AsParameters] SurfaceServices services)
    {
        if (TextFields.SurfaceId.Problem(id) is not null || await services.Grains.Surface(user, id).Get() is not { } surface)
        {
            return ApiProblems.NotFound("surface");
        }

        if (surface.Email?.Imap is null || !await services.Grains.EmailSurface(user, id).Poll())
        {
            return ApiProblems.Conflict("The surface reads no mailbox: give it email.imap settings first.");
        }

        return TypedResults.Accepted((string?)null, new PollAccepted(id, "accepted"));
    }

    private static async Task<SurfaceResponse> ResponseAsync(Surface surface, ClaimsPrincipal user, SurfaceServices services)
    {
        var status = surface.Email is null ? null : await services.Grains.EmailSurface(user, surface.Id).Status();
        return SurfaceResponse.From(surface, status);
    }
}

/// <summary>The answer of a poll request: the poll is under way or merged into one that is.</summary>
public sealed record PollAccepted(
    [property: Description("the surface whose mailbox is read")] string SurfaceId,
    [property: Description("accepted: the poll runs in the background; its outcome shows as email.lastPollAt and email.status on the surface")] string Status);
