using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Runtype.Grains.Events;

namespace Runtype.Api.Events;

/// <summary>The event endpoints read their query themselves (to report every bad value at once), so it is described here.</summary>
internal static class EventsOpenApi
{
    public static Task DocumentQuery(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var stream = operation.OperationId == "StreamEvents";
        var parameters = operation.Parameters ??= [];
        parameters.Add(Query("after", "A cursor: a page's nextCursor or a streamed event's id; only works with the same conversationId and types. Absent: from the oldest retained event.",
            new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 }));
        if (!stream)
        {
            parameters.Add(Query("limit", "Page size, 1 to 500.", new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "500", Default = JsonValue.Create(EventRequest.DefaultLimit),
            }));
        }

        parameters.Add(Query("conversationId", "Only this conversation's events.", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 }));
        parameters.Add(Query("types", $"Comma-separated event types, any of: {string.Join(", ", EventTypes.ByName.Keys)}.",
            new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 1024 }));
        if (stream)
        {
            parameters.Add(new OpenApiParameter
            {
                Name = EventRequest.LastEventIdHeader,
                In = ParameterLocation.Header,
                Description = "The id of the last event received; resumes right after it and wins over after. EventSource sends it on reconnect.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 },
            });
        }

        if (operation.Responses?.TryGetValue("410", out var gone) == true && gone is OpenApiResponse expired)
        {
            expired.Description = "The cursor is older than Events:RetentionDays; events after it may have been deleted.";
        }

        if (stream && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse events)
        {
            events.Description = "Server-Sent Events: per event 'id: <cursor>', 'event: <type>', 'data: <the event as JSON>'; comments keep the connection alive.";
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema };
}
