using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Runtype.Api.Http;

namespace Runtype.Api.Extensions;

/// <summary>What the generated OpenAPI document needs beyond what endpoint metadata says.</summary>
internal static class OpenApiConventions
{
    private const string ApiKeyScheme = "apiKey";

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
            return Task.CompletedTask;
        });
    }
}
