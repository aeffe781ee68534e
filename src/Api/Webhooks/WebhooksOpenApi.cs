using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Runtype.Api.Webhooks;

/// <summary>What the webhook operations need in the OpenAPI document beyond their metadata: examples and the deliveries query.</summary>
internal static class WebhooksOpenApi
{
    private static readonly Dictionary<string, string> RequestExamples = new(StringComparer.Ordinal)
    {
        ["CreateWebhook"] = """{"url":"https://hooks.example.com/runtype","types":["message.created"],"description":"Agent flow trigger"}""",
        ["UpdateWebhook"] = """{"enabled":false}""",
        ["RedeliverWebhookEvent"] = """{"eventId":"evt_01JD3K9Q4X8Y7Z6W5V4T3S2R1Q"}""",
    };

    public static Task Document(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        if (operation.OperationId is { } id && RequestExamples.TryGetValue(id, out var example)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
        {
            media.Example = JsonNode.Parse(example);
        }

        if (operation.OperationId == "ListWebhookDeliveries")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "limit",
                In = ParameterLocation.Query,
                Description = $"How many attempts, 1 to {WebhooksApi.MaxDeliveries}.",
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Minimum = "1",
                    Maximum = WebhooksApi.MaxDeliveries.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(WebhooksApi.DefaultDeliveries),
                },
            });
        }

        return Task.CompletedTask;
    }
}
