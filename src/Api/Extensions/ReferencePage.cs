using Scalar.AspNetCore;

namespace Runtype.Api.Extensions;

/// <summary>
/// A readable, try-it-out reference of the API at <c>/docs</c> in Development: Scalar (NuGet package
/// <c>Scalar.AspNetCore</c>) rendering <c>/openapi/v1.json</c>. Its script ships inside the package's assembly and
/// is served from <c>/docs/</c>, so nothing needs installing and nothing is fetched from a CDN.
/// </summary>
internal static class ReferencePage
{
    public static IEndpointConventionBuilder MapReferencePage(this WebApplication app) =>
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Runtype Messaging Conversations API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument("v1")
            .ExpandAllTags()
            // Each of these would reach Scalar's servers from the browser: the default fonts come from its CDN,
            // the AI chat and MCP integration call its services, telemetry reports use of the request client.
            .DisableDefaultFonts()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry());
}
