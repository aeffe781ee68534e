using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Auth;

namespace Runtype.Api.Events;

public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/events").WithTags("Events");

        api.MapGet("/", ListEvents).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status410Gone).WithName("ListEvents").WithSummary("List events")
            .WithDescription("A page of the owner's events, oldest first, filtered by conversationId and types. nextCursor is never null: "
                + "keep it and ask again later. A cursor older than the event retention is a 410; an altered or foreign one a 400.")
            .AddOpenApiOperationTransformer(EventsOpenApi.DocumentQuery);
        api.MapGet("/stream", StreamEvents).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status410Gone).WithName("StreamEvents").WithSummary("Stream events")
            .WithDescription("The same events as Server-Sent Events: id (a cursor), event (the type) and data (the event JSON) per event, "
                + "a ': keep-alive' comment at least every 15 seconds. Resume with Last-Event-ID (or after): nothing missed, nothing repeated. "
                + "A client that reads too slowly is disconnected and resumes the same way.")
            .AddOpenApiOperationTransformer(EventsOpenApi.DocumentQuery);

        return api;
    }

    public static async Task<Results<EventListResult, ValidationProblem, ProblemHttpResult>> ListEvents(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] EventServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var read = EventRequest.TryRead(request, user.Owner(), services, stream: false, out var invalid, out var gone);
        if (read is null)
        {
            return invalid is not null ? invalid : gone!;
        }

        var page = await services.Grains.EventFeed().Read(read.Owner, read.Query(read.Start, read.Limit));

        // A page that stopped short continues after its last event, as of that event. Otherwise the read examined
        // everything visible, and the cursor stands past it as of now: nothing after it existed, so retention cannot
        // have deleted anything the reader missed before this moment.
        var next = page.More
            ? new EventCursor(page.Next, page.Items[^1].Event.CreatedAt)
            : new EventCursor(page.Next, services.Time.GetUtcNow().UtcDateTime);
        return new EventListResult(page.Items, next.Write(services.Cursors, read.Scope));
    }

    public static Results<EventStreamResult, ValidationProblem, ProblemHttpResult> StreamEvents(
        HttpRequest request, ClaimsPrincipal user, [AsParameters] EventServices services)
    {
        var read = EventRequest.TryRead(request, user.Owner(), services, stream: true, out var invalid, out var gone);
        if (read is null)
        {
            return invalid is not null ? invalid : gone!;
        }

        return new EventStreamResult(read, services);
    }
}
