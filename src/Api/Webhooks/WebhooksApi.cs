using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Api.Auth;
using Runtype.Api.Cluster;
using Runtype.Api.Idempotency;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Webhooks;

/// <summary>The webhooks extension: register the HTTP endpoints that receive the owner's events, and see their deliveries.</summary>
public static class WebhooksApi
{
    public const int DefaultDeliveries = 50;
    public const int MaxDeliveries = 200;

    public static RouteGroupBuilder MapWebhooksApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/webhooks").WithTags("Webhooks").AddOpenApiOperationTransformer(WebhooksOpenApi.Document);

        api.MapGet("/", ListWebhooks).RequireScope(Scopes.Read)
            .WithName("ListWebhooks").WithSummary("List webhooks (extension)")
            .WithDescription("The caller's webhook endpoints, oldest first, without their secrets.");
        api.MapPost("/", CreateWebhook).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateWebhook").WithSummary("Create webhook (extension)")
            .WithDescription($"Registers an endpoint that receives the owner's events committed from now on, by POST, signed with its secret. "
                + $"The secret is in this answer only. An owner has at most {WebhookLimits.EndpointsPerOwner} endpoints; one more is a 409.");
        api.MapGet("/{id}", GetWebhook).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetWebhook").WithSummary("Get webhook (extension)")
            .WithDescription("One endpoint, without its secret. Another owner's endpoint is a 404.");
        api.MapPut("/{id}", UpdateWebhook).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UpdateWebhook").WithSummary("Update webhook (extension)")
            .WithDescription("Replaces the fields present (url, types, description, enabled), at least one; null sets types to every type or clears description. A change of types applies to the events committed after it.");
        api.MapDelete("/{id}", DeleteWebhook).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteWebhook").WithSummary("Delete webhook (extension)")
            .WithDescription("Deletes the endpoint and stops its deliveries, retries included.");
        api.MapPost("/{id}/rotate-secret", RotateWebhookSecret).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RotateWebhookSecret").WithSummary("Rotate webhook secret (extension)")
            .WithDescription("A new secret, in this answer only. For 24 hours deliveries are signed with the new and the previous one (two v1= values).");
        api.MapGet("/{id}/deliveries", ListWebhookDeliveries).RequireScope(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListWebhookDeliveries").WithSummary("List webhook deliveries (extension)")
            .WithDescription("The endpoint's most recent delivery attempts, newest first: the event, the attempt number, the status code or error, the duration and when the next attempt is due.");
        api.MapPost("/{id}/redeliver", RedeliverWebhookEvent).RequireScope(Scopes.Write)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RedeliverWebhookEvent").WithSummary("Redeliver a webhook event (extension)")
            .WithDescription("Sends an event among the endpoint's recorded deliveries once more, outside the per-conversation order. Any other event is a 404.");

        return api;
    }

    public static async Task<Ok<WebhookList>> ListWebhooks(ClaimsPrincipal user, [AsParameters] WebhookServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var webhooks = await services.Grains.Webhooks(user).List();
        return TypedResults.Ok(new WebhookList([.. webhooks.Select(WebhookResponse.From)]));
    }

    public static async Task<Results<Created<WebhookWithSecretResponse>, RejectedBody, ProblemHttpResult>> CreateWebhook(
        CreateWebhookRequest body, HttpContext http, ClaimsPrincipal user, [AsParameters] WebhookServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        // Under an Idempotency-Key the endpoint takes the reserved id, so a retry whose first answer was lost finds it.
        var reserved = IdempotencyReservation.Of(http);
        var draft = reserved is null ? body.Value : body.Value with { Id = Identifiers.WebhookPrefix + reserved };
        return await services.Grains.Webhooks(user).Create(draft) is { } created
            ? TypedResults.Created($"/v1/messaging/webhooks/{created.Webhook.Id}", WebhookWithSecretResponse.From(created))
            : ApiProblems.Conflict($"An owner has at most {WebhookLimits.EndpointsPerOwner} webhook endpoints; delete one before registering another.");
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetWebhook(
        string id, ClaimsPrincipal user, [AsParameters] WebhookServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Identifiers.IsWebhookId(id) && await services.Grains.Webhooks(user).Get(id) is { } webhook
            ? TypedResults.Ok(WebhookResponse.From(webhook))
            : NotFound();
    }

    public static async Task<Results<Ok<WebhookResponse>, RejectedBody, ProblemHttpResult>> UpdateWebhook(
        string id, UpdateWebhookRequest body, ClaimsPrincipal user, [AsParameters] WebhookServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!Identifiers.IsWebhookId(id))
        {
            return NotFound();
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        return await services.Grains.Webhooks(user).Update(id, body.Value) is { } webhook
            ? TypedResults.Ok(WebhookResponse.From(webhook))
            : NotFound();
    }

    public static async Task<Results<Ok<DeleteResult>, ProblemHttpResult>> DeleteWebhook(
        string id, ClaimsPrincipal user, [AsParameters] WebhookServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Identifiers.IsWebhookId(id) && await services.Grains.Webhooks(user).Delete(id)
            ? TypedResults.Ok(new DeleteResult(true))
            : NotFound();
    }

    public static async Task<Results<Ok<WebhookWithSecretResponse>, ProblemHttpResult>> RotateWebhookSecret(
        string id, ClaimsPrincipal user, [AsParameters] WebhookServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Identifiers.IsWebhookId(id) && await services.Grains.Webhooks(user).RotateSecret(id) is { } rotated
            ? TypedResults.Ok(WebhookWithSecretResponse.From(rotated))
            : NotFound();
    }

    public static async Task<Results<Ok<WebhookDeliveryList>, ValidationProblem, ProblemHttpResult>> ListWebhookDeliveries(
        string id, HttpRequest request, ClaimsPrincipal user, [AsParameters] WebhookServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!Identifiers.IsWebhookId(id))
        {
            return NotFound();
        }

        var query = new QueryReader(request.Query);
        var limit = query.Number("limit", 1, MaxDeliveries, DefaultDeliveries);
        if (!query.IsValid)
        {
            return ApiProblems.Validation(query.Errors);
        }

        // Asked first so an unknown id never wakes a delivery grain.
        if (await services.Grains.Webhooks(user).Get(id) is null)
        {
            return NotFound();
        }

        var recent = await services.Grains.WebhookDelivery(user, id).Recent(limit);
        return TypedResults.Ok(new WebhookDeliveryList([.. recent.Select(WebhookDeliveryResponse.From)]));
    }

    public static async Task<Results<Accepted<RedeliveryAccepted>, RejectedBody, ProblemHttpResult>> RedeliverWebhookEvent(
        string id, RedeliverWebhookRequest body, ClaimsPrincipal user, [AsParameters] WebhookServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!Identifiers.IsWebhookId(id))
        {
            return NotFound();
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var eventId = body.Value;
        if (await services.Grains.Webhooks(user).Get(id) is null)
        {
            return NotFound();
        }

        return await services.Grains.WebhookDelivery(user, id).Redeliver(eventId) switch
        {
            RedeliveryOutcome.Accepted => TypedResults.Accepted((string?)null, new RedeliveryAccepted(eventId)),
            RedeliveryOutcome.Full => ApiProblems.Conflict(
                $"{services.Options.Value.MaxWaitingRedeliveries} redeliveries are already waiting for this endpoint; ask again once they are sent (an endpoint sends only while it is enabled)."),
            _ => ApiProblems.Problem(StatusCodes.Status404NotFound, "Not found", "The event is not among this endpoint's recorded deliveries; only those can be sent again."),
        };
    }

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound("webhook");
}
