using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace Runtype.Client.Tests;

/// <summary>
/// The client and the server's OpenAPI document describe the same API: every operation of the document is one the
/// client declares in <see cref="ApiRoutes"/> (and no other), the client's main records name only properties the
/// document's schemas have, and the search sends exactly the query parameters the document describes.
/// </summary>
public sealed class OpenApiConsistencyTests(StreamApiFactory factory) : IClassFixture<StreamApiFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    /// <summary>Each main client record and the operation whose 200 answer is that model (with a JSON path to it).</summary>
    private static readonly (string ClientType, string Operation, string Path, string[] Within)[] Models =
    [
        ("RuntypeEvent", "get", ApiRoutes.Events, ["data", "items"]),
        ("Conversation", "get", ApiRoutes.Conversation, []),
        ("Message", "get", ApiRoutes.Message, []),
        ("Surface", "get", ApiRoutes.Surface, []),
        ("SurfaceEmail", "get", ApiRoutes.Surface, ["email"]),
        ("SurfaceMailServer", "get", ApiRoutes.Surface, ["email", "smtp"]),
        ("MessageDelivery", "get", ApiRoutes.Message, ["delivery"]),
        ("Webhook", "get", ApiRoutes.Webhook, []),
        ("MessageSearchPage", "get", ApiRoutes.SearchMessages, []),
        ("MessageSearchHit", "get", ApiRoutes.SearchMessages, ["data", "items"]),
        ("Message", "get", ApiRoutes.SearchMessages, ["data", "items", "message"]),
        ("SearchedConversation", "get", ApiRoutes.SearchMessages, ["data", "items", "conversation"]),
    ];

    [Fact]
    public async Task Every_operation_of_the_document_is_one_the_client_declares_and_no_other()
    {
        var document = await DocumentAsync();
        var served = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => Methods.Contains(operation.Name))
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        var declared = ApiRoutes.Operations.Select(o => $"{o.Method} {o.Template}").ToHashSet();

        Assert.True(served.Count > 0, "The document lists no operations.");
        Assert.Empty(served.Except(declared).Order());
        Assert.Empty(declared.Except(served).Order());
        Assert.Equal(declared.Count, ApiRoutes.Operations.Count);
    }

    [Fact]
    public async Task The_clients_main_records_name_only_properties_of_the_documents_schemas()
    {
        var document = await DocumentAsync();
        var assembly = typeof(RuntypeClient).Assembly;
        foreach (var (clientType, operation, path, within) in Models)
        {
            var type = assembly.GetType($"Runtype.Client.{clientType}");
            Assert.True(type is not null, $"The client has no record Runtype.Client.{clientType}.");
            var schema = Resolve(document, document.GetProperty("paths").GetProperty(path).GetProperty(operation)
                .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            foreach (var step in within)
            {
                schema = Resolve(document, step == "items" ? schema.GetProperty("items") : schema.GetProperty("properties").GetProperty(step));
            }

            var documented = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            var named = JsonNames(type);
            Assert.NotEmpty(named);
            Assert.True(named.All(documented.Contains),
                $"{clientType} names {string.Join(", ", named.Except(documented))}, which the schema of {operation.ToUpperInvariant()} {path} lacks.");
        }
    }

    [Fact]
    public async Task The_search_parameters_the_client_sends_are_the_ones_the_document_describes()
    {
        var document = await DocumentAsync();
        var parameters = document.GetProperty("paths").GetProperty(ApiRoutes.SearchMessages).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").ToDictionary(p => p.GetProperty("name").GetString()!);
        var server = new AnswerEmptySearch();
        using var http = new HttpClient(server) { BaseAddress = new Uri("http://localhost/") };
        var filter = new MessageSearchFilter
        {
            ConversationId = "conv_1", SurfaceId = "email", Status = "open", Role = "user", Direction = "inbound",
            CreatedAfter = DateTimeOffset.UnixEpoch, CreatedBefore = DateTimeOffset.UnixEpoch, ParticipantEmail = "ada@example.com",
        };

        await new RuntypeClient(http).SearchMessagesPageAsync("refund", filter, limit: 5, cursor: "c");

        var sent = QueryHelpers.ParseQuery(server.LastUri!.Query).Keys;
        Assert.Equal(parameters.Keys.Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
        Assert.All(parameters.Values, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString()), p.ToString()));
        Assert.True(parameters["q"].GetProperty("required").GetBoolean());
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var http = factory.HttpFor();
        return JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement.Clone();
    }

    /// <summary>The schema a <c>$ref</c> (also one inside <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>, as nullable references are written) points at.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options)
                && options.EnumerateArray().FirstOrDefault(o => o.TryGetProperty("$ref", out _)) is { ValueKind: JsonValueKind.Object } referenced)
            {
                return Resolve(document, referenced);
            }
        }

        return schema;
    }

    /// <summary>The JSON names of a record's serialized properties, as System.Text.Json's web defaults write them.</summary>
    private static List<string> JsonNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToList();
}
