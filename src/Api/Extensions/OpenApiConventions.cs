using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Runtype.Api.Messages;
using Runtype.Api.RateLimiting;
using Runtype.Api.Shared;
using Runtype.Api.Webhooks;
using Runtype.Grains;

namespace Runtype.Api.Extensions;

/// <summary>What the generated OpenAPI document needs beyond what endpoint metadata says.</summary>
internal static class OpenApiConventions
{
    private const string ApiKeyScheme = "apiKey";

    private static readonly Dictionary<string, string> RequestExamples = new(StringComparer.Ordinal)
    {
        ["CreateConversation"] = """{"surfaceId":"email","subject":"Account settings","participantName":"Ada Lovelace","participantEmail":"ada@example.com","externalThreadId":"<thread-1@mail.example.com>","timezone":"Europe/London","context":{"plan":"pro"}}""",
        ["UpdateConversation"] = """{"status":"closed","subject":"Account settings (resolved)"}""",
        ["CreateMessage"] = """{"content":"Hello, I need help with my account settings.","role":"user"}""",
        ["PutSurface"] = """{"name":"Support inbox","type":"email","email":{"imap":{"host":"imap.example.com","port":993,"security":"tls","username":"support@example.com","password":"app-password","mailbox":"INBOX"},"smtp":{"host":"smtp.example.com","port":587,"security":"starttls","username":"support@example.com","password":"app-password","from":"Support <support@example.com>"},"pollEvery":"PT1M"}}""",
    };

    // Request bodies (JsonRequest subclasses) and the elements they hold: their text properties take their limits from TextFields.
    private static readonly Type[] BodyElements = [typeof(ImportedMessageRequest)];

    private static bool DocumentsRequestBody(Type type)
    {
        if (BodyElements.Contains(type))
        {
            return true;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(JsonRequest<,>))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The listing endpoints read their query themselves (to report every bad value at once), so it is described here.</summary>
    private static void DocumentQuery(OpenApiOperation operation)
    {
        static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
            new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema };
        static OpenApiSchema Text(TextField field) => new() { Type = JsonSchemaType.String, MinLength = field.MinLength, MaxLength = field.MaxLength };
        static OpenApiSchema Limit(int byDefault) => new() { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "100", Default = JsonValue.Create(byDefault) };
        static OpenApiSchema OneOf(params string[] values) => new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

        var cursor = Query("cursor", "Opaque cursor from a previous page (nextCursor or prevCursor); it only works with the same filters.", Text(TextFields.Cursor));
        switch (operation.OperationId)
        {
            case "ListConversations":
                operation.Parameters ??= [];
                operation.Parameters.Add(Query("limit", "Page size, 1 to 100.", Limit(50)));
                operation.Parameters.Add(cursor);
                operation.Parameters.Add(Query("surfaceId", "Only conversations on this surface.", Text(TextFields.SurfaceId)));
                operation.Parameters.Add(Query("status", "Only conversations with this status.", OneOf("open", "closed", "archived")));
                operation.Parameters.Add(Query("externalThreadId", "Exact match (extension).", Text(TextFields.ExternalThreadId)));
                operation.Parameters.Add(Query("participantEmail", "Exact match (extension).", Text(TextFields.ParticipantEmail)));
                break;
            case "ListMessages":
                operation.Parameters ??= [];
                operation.Parameters.Add(Query("limit", "Page size, 1 to 100.", Limit(100)));
                operation.Parameters.Add(Query("order", "asc: acceptance order (default); desc: newest first.", OneOf("asc", "desc")));
                operation.Parameters.Add(cursor);
                break;
        }
    }

    /// <summary>The headers the endpoints read and write, which endpoint metadata cannot express.</summary>
    private static void DocumentHeaders(OpenApiOperation operation, string method)
    {
        var responses = operation.Responses ??= [];
        if (responses.TryGetValue("503", out var unavailable) && unavailable is OpenApiResponse storageDown)
        {
            storageDown.Description = "Storage or cluster unavailable; nothing was half-written. Retry after the Retry-After delay.";
            storageDown.Headers ??= new Dictionary<string, IOpenApiHeader>();
            storageDown.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }

        if (HttpMethods.IsPost(method))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Description = $"1 to {FieldLimits.IdempotencyKey} characters. The same key from the same owner within 24 hours replays the first response; with a different body it is a 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = FieldLimits.IdempotencyKey },
            });
            responses["422"] = new OpenApiResponse
            {
                Description = "The Idempotency-Key was already used with a different request.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails") } },
            };
        }

        if (operation.OperationId is "UpdateConversation" or "DeleteConversation")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Description = "The conversation's ETag as last seen; a stale tag is a 412.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (operation.OperationId is "CreateConversation" or "GetConversation" or "UpdateConversation")
        {
            foreach (var status in new[] { "200", "201" })
            {
                if (responses.TryGetValue(status, out var ok) && ok is OpenApiResponse withTag)
                {
                    withTag.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    withTag.Headers["ETag"] = new OpenApiHeader
                    {
                        Description = "The conversation's version, for If-Match.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
            }
        }
    }

    /// <summary>
    /// With limiting on, every answer past authorization drew from the key's bucket and says what is left; the
    /// two fields are components so each response refers to them instead of repeating them.
    /// </summary>
    private static void DocumentRateLimit(OpenApiOperation operation, OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        var headers = document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        headers.TryAdd(KeyRateLimiter.PolicyHeader, new OpenApiHeader
        {
            Description = "When rate limiting is on: the key's token bucket as a quota policy (IETF draft-ietf-httpapi-ratelimit-headers), "
                + $"for example \"{KeyRateLimiter.PolicyName}\";q=400;w=2: q requests at once, q per w seconds sustained.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        headers.TryAdd(KeyRateLimiter.LimitHeader, new OpenApiHeader
        {
            Description = "When rate limiting is on: what is left of the key's budget after this request, "
                + $"for example \"{KeyRateLimiter.PolicyName}\";r=42;t=1: r requests now, more after t seconds.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });

        foreach (var (status, response) in operation.Responses ?? [])
        {
            // Authentication and authorization answer before the limiter counts anything.
            if (status is "401" or "403" || response is not OpenApiResponse answer)
            {
                continue;
            }

            answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
            answer.Headers[KeyRateLimiter.PolicyHeader] = new OpenApiHeaderReference(KeyRateLimiter.PolicyHeader, document);
            answer.Headers[KeyRateLimiter.LimitHeader] = new OpenApiHeaderReference(KeyRateLimiter.LimitHeader, document);
            if (status == "429")
            {
                answer.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds until the key's bucket has a request again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }
    }

    public static void Apply(OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Free-form objects travel as raw JSON text internally; on the wire they are plain objects.
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type == typeof(RawJson))
            {
                schema.Type = JsonSchemaType.Object;
                schema.Properties?.Clear();
                schema.Required?.Clear();
            }

            // A body's text fields are documented from the rules its reader applies (TextFields), not restated.
            if (context.JsonPropertyInfo is { } property && DocumentsRequestBody(property.DeclaringType)
                && TextFields.InBodies.TryGetValue(property.Name, out var field))
            {
                schema.MinLength = field.MinLength > 0 ? field.MinLength : null;
                schema.MaxLength = field.MaxLength;
            }

            return Task.CompletedTask;
        });

        // Every documented operation takes the API key in Authorization, bare or as "Bearer <key>".
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "An API key from Auth:ApiKeys, sent bare or as \"Bearer <key>\".",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
            document.Info.Title = "Runtype Messaging Conversations API";
            document.Info.Description = "Conversations and their ordered messages from email, SMS, chat and other surfaces. "
                + "Errors are RFC 9457 problem+json; validation failures name every bad field in errors.";
            document.Info.Contact = new OpenApiContact { Name = "Runtype.Orleans maintainers" };
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            // Request examples taken from the contract (the seed page's create-message call among them).
            if (operation.OperationId is { } id && RequestExamples.TryGetValue(id, out var example)
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
            {
                media.Example = JsonNode.Parse(example);
            }

            DocumentHeaders(operation, context.Description.HttpMethod ?? "");
            DocumentQuery(operation);
            if (context.Document is { } document)
            {
                DocumentRateLimit(operation, document);
            }

            return Task.CompletedTask;
        });
    }
}
