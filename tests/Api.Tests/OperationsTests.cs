using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>Health endpoints and the OpenAPI document.</summary>
[Collection(ApiCollection.Name)]
public sealed class OperationsTests(ApiFactory factory)
{
    private static readonly (string Path, string Method)[] Operations =
    [
        ("/v1/messaging/conversations", "get"),
        ("/v1/messaging/conversations", "post"),
        ("/v1/messaging/conversations/{id}", "get"),
        ("/v1/messaging/conversations/{id}", "put"),
        ("/v1/messaging/conversations/{id}", "delete"),
        ("/v1/messaging/conversations/{id}/messages", "get"),
        ("/v1/messaging/conversations/{id}/messages", "post"),
        ("/v1/messaging/surfaces/{id}", "put"),
        ("/v1/messaging/surfaces/{id}", "get"),
        (SurfacePoll, "post"),
    ];

    private const string SurfacePoll = "/v1/messaging/surfaces/{id}/poll";

    [Fact]
    public async Task Liveness_and_readiness_answer_200_when_the_silo_and_store_are_up()
    {
        using var client = factory.ClientFor(apiKey: null);
        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var report = await ready.ExpectJsonAsync(HttpStatusCode.OK);

        // Readiness reports each part it checked, so an operator sees which one failed.
        var checks = report.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("cluster").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_operation_of_the_contract()
    {
        var document = await OpenApi();
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in Operations)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"missing path {path}");
            Assert.True(item.TryGetProperty(method, out _), $"missing {method.ToUpperInvariant()} {path}");
        }
    }

    [Fact]
    public async Task Every_operation_documents_its_auth_and_validation_errors_as_problem_json()
    {
        var paths = (await OpenApi()).GetProperty("paths");
        foreach (var (path, method) in Operations)
        {
            var responses = paths.GetProperty(path).GetProperty(method).GetProperty("responses");
            foreach (var status in new[] { "400", "401", "403" })
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{method} {path} does not document {status}");
                Assert.True(
                    response.GetProperty("content").TryGetProperty("application/problem+json", out _),
                    $"{method} {path} {status} is not problem+json");
            }
        }
    }

    [Fact]
    public async Task Every_operation_documents_503_with_Retry_After_and_the_headers_it_reads()
    {
        var paths = (await OpenApi()).GetProperty("paths");
        foreach (var (path, method) in Operations)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var unavailable = operation.GetProperty("responses").GetProperty("503");
            Assert.True(unavailable.GetProperty("headers").TryGetProperty("Retry-After", out _), $"{method} {path}: 503 without Retry-After");
            var parameters = operation.TryGetProperty("parameters", out var list)
                ? list.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList()
                : [];
            if (method == "post")
            {
                Assert.Contains("Idempotency-Key", parameters);
                Assert.True(operation.GetProperty("responses").TryGetProperty("422", out _), $"POST {path} does not document 422");
            }
        }

        var conversation = paths.GetProperty("/v1/messaging/conversations/{id}");
        foreach (var method in new[] { "put", "delete" })
        {
            Assert.Contains("If-Match", conversation.GetProperty(method).GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        }
    }

    [Fact]
    public async Task Every_answer_past_authorization_documents_the_rate_limit_fields_and_429_its_Retry_After()
    {
        var document = await OpenApi();
        var components = document.GetProperty("components").GetProperty("headers");
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in Operations)
        {
            foreach (var response in paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject())
            {
                var headers = response.Value.TryGetProperty("headers", out var found) ? found : default;
                foreach (var field in new[] { "RateLimit-Policy", "RateLimit" })
                {
                    // 401 and 403 are answered before the limiter counts the request.
                    var documented = headers.ValueKind == JsonValueKind.Object && headers.TryGetProperty(field, out var header)
                        && header.GetProperty("$ref").GetString() is { } target
                        && components.TryGetProperty(target["#/components/headers/".Length..], out _);
                    Assert.True(documented == response.Name is not ("401" or "403"), $"{method} {path} {response.Name}: {field}");
                }
            }

            var tooMany = paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("429");
            Assert.True(tooMany.GetProperty("headers").TryGetProperty("Retry-After", out _), $"{method} {path}: 429 without Retry-After");
        }
    }

    [Theory]
    [InlineData("/v1/messaging/conversations", "limit,cursor,surfaceId,status,externalThreadId,participantEmail")]
    [InlineData("/v1/messaging/conversations/{id}/messages", "limit,order,cursor")]
    public async Task Listings_document_every_query_parameter(string path, string names)
    {
        var operation = (await OpenApi()).GetProperty("paths").GetProperty(path).GetProperty("get");
        var query = operation.GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!);
        Assert.Equal(names.Split(','), query);
    }

    [Fact]
    public async Task The_create_message_example_is_the_seed_pages()
    {
        var operation = (await OpenApi()).GetProperty("paths").GetProperty("/v1/messaging/conversations/{id}/messages").GetProperty("post");
        var example = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("Hello, I need help with my account settings.", example.GetProperty("content").GetString());
        Assert.Equal("user", example.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Operations_that_read_a_body_document_it_and_its_413_and_415()
    {
        var paths = (await OpenApi()).GetProperty("paths");
        foreach (var (path, method) in Operations.Where(o => o.Method is "post" or "put" && o.Path != SurfacePoll))
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.True(
                operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _),
                $"{method} {path} has no JSON request body");
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("413", out _), $"{method} {path} does not document 413");
            Assert.True(responses.TryGetProperty("415", out _), $"{method} {path} does not document 415");
        }
    }

    [Fact]
    public async Task The_document_describes_the_conversation_and_message_schemas()
    {
        var schemas = (await OpenApi()).GetProperty("components").GetProperty("schemas");
        var conversation = schemas.GetProperty("ConversationDetails").GetProperty("properties");
        foreach (var field in new[] { "id", "surfaceId", "status", "messageCount", "lastMessageAt", "context", "participantMetadata", "surface" })
        {
            Assert.True(conversation.TryGetProperty(field, out _), $"ConversationDetails lacks {field}");
        }

        var message = schemas.GetProperty("MessageResponse").GetProperty("properties");
        foreach (var field in new[] { "id", "conversationId", "role", "direction", "content", "externalMessageId", "flowStepResultId", "metadata", "createdAt", "redactedAt", "delivery" })
        {
            Assert.True(message.TryGetProperty(field, out _), $"MessageResponse lacks {field}");
        }

        var delivery = schemas.GetProperty("MessageDeliveryResponse").GetProperty("properties");
        foreach (var field in new[] { "status", "attempts", "lastError", "sentAt" })
        {
            Assert.True(delivery.TryGetProperty(field, out _), $"MessageDeliveryResponse lacks {field}");
        }

        // Free-form JSON fields are documented as objects, not as an opaque string.
        var context = conversation.GetProperty("context");
        if (context.TryGetProperty("$ref", out var reference))
        {
            context = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        Assert.Equal("object", context.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_document_describes_email_surfaces_settings_status_and_poll()
    {
        var document = await OpenApi();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var surfaces = document.GetProperty("paths").GetProperty("/v1/messaging/surfaces/{id}");
        var put = surfaces.GetProperty("put").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        var settings = Referenced(schemas, Referenced(schemas, put.GetProperty("schema")).GetProperty("properties").GetProperty("email"));
        var answer = Referenced(schemas, surfaces.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema"));
        var status = Referenced(schemas, answer.GetProperty("properties").GetProperty("email"));

        Assert.Equal(["imap", "pollEvery", "since", "smtp"], Names(settings));
        var server = Referenced(schemas, settings.GetProperty("properties").GetProperty("imap"));
        Assert.Equal(["from", "host", "mailbox", "password", "port", "security", "username"], Names(server));
        Assert.Equal(["imap", "lastError", "lastPollAt", "pollEvery", "since", "smtp", "status"], Names(status));
        var answered = Referenced(schemas, status.GetProperty("properties").GetProperty("smtp"));
        Assert.Equal(["from", "host", "mailbox", "passwordSet", "port", "security", "username"], Names(answered));
        Assert.Equal("app-password", put.GetProperty("example").GetProperty("email").GetProperty("imap").GetProperty("password").GetString());
        foreach (var schema in new[] { settings, server, status, answered })
        {
            Assert.All(schema.GetProperty("properties").EnumerateObject(), p => Assert.True(Description(p.Value) is { Length: > 0 }, $"{p.Name} has no description"));
        }

        var poll = document.GetProperty("paths").GetProperty(SurfacePoll).GetProperty("post");
        var responses = poll.GetProperty("responses");
        var accepted = Referenced(schemas, responses.GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["status", "surfaceId"], Names(accepted));
        Assert.True(responses.GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("409").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.False(poll.TryGetProperty("requestBody", out _));
        Assert.Contains("409", poll.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_document_declares_the_API_key_scheme_the_endpoints_require()
    {
        var document = await OpenApi();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.NotEmpty(schemes.EnumerateObject());
        var operation = document.GetProperty("paths").GetProperty("/v1/messaging/conversations").GetProperty("get");
        var security = operation.TryGetProperty("security", out var local) ? local : document.GetProperty("security");
        Assert.NotEmpty(security.EnumerateArray());
    }

    /// <summary>The schema itself, or the one its <c>$ref</c> names (also inside the <c>oneOf</c> a nullable reference is written as).</summary>
    private static JsonElement Referenced(JsonElement schemas, JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var options))
        {
            schema = options.EnumerateArray().Single(o => o.TryGetProperty("$ref", out _));
        }

        return schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;
    }

    private static string[] Names(JsonElement schema) =>
        [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>A property's description, also where a nullable reference carries it beside its <c>$ref</c>.</summary>
    private static string? Description(JsonElement property) =>
        property.TryGetProperty("description", out var text) ? text.GetString()
        : property.TryGetProperty("oneOf", out var options) ? options.EnumerateArray().Select(Description).FirstOrDefault(d => d is not null)
        : null;

    private async Task<JsonElement> OpenApi()
    {
        using var client = factory.ClientFor(apiKey: null);
        using var response = await client.GetAsync("/openapi/v1.json");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
