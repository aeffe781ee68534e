using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Runtype.Api.Http;

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
        ["PutSurface"] = """{"name":"Support inbox","type":"email"}""",
    };

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

        // Request examples taken from the contract (the seed page's create-message call among them).
        options.AddOperationTransformer((operation, _, _) =>
        {
            if (operation.OperationId is { } id && RequestExamples.TryGetValue(id, out var example)
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
            {
                media.Example = JsonNode.Parse(example);
            }

            return Task.CompletedTask;
        });
    }
}
