using System.Text.Json;
using Runtype.Api.Shared;

namespace Runtype.Api.Tests;

/// <summary>The OpenAPI document states each text field's limits exactly as the readers enforce them.</summary>
[Collection(ApiCollection.Name)]
public sealed class FieldRulesDocumentedTests(ApiFactory factory)
{
    private static readonly string[] Bodies = ["CreateConversationRequest", "UpdateConversationRequest", "CreateMessageRequest", "ImportedMessageRequest", "PutSurfaceRequest",
        "CreateWebhookRequest", "UpdateWebhookRequest", "RedeliverWebhookRequest"];

    [Fact]
    public async Task Every_text_field_of_a_body_or_query_is_documented_with_the_rule_it_is_read_by()
    {
        using var client = factory.ClientFor(apiKey: null);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var documented = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in Bodies)
        {
            foreach (var property in root.GetProperty("components").GetProperty("schemas").GetProperty(body).GetProperty("properties").EnumerateObject())
            {
                if (TextFields.InBodies.TryGetValue(property.Name, out var field))
                {
                    AssertStates(field, property.Value, $"{body}.{property.Name}");
                    documented.Add(field.Name);
                }
            }
        }

        Assert.Equal(TextFields.InBodies.Keys.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        var query = root.GetProperty("paths").GetProperty("/v1/messaging/conversations").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        foreach (var field in new[] { TextFields.SurfaceId, TextFields.ExternalThreadId, TextFields.ParticipantEmail, TextFields.Cursor })
        {
            AssertStates(field, query[field.Name], $"query {field.Name}");
        }
    }

    [Fact]
    public async Task An_imported_message_documents_the_fields_it_shares_with_a_posted_one_as_a_posted_one_does()
    {
        using var client = factory.ClientFor(apiKey: null);
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var posted = schemas.GetProperty("CreateMessageRequest");
        var imported = schemas.GetProperty("ImportedMessageRequest");
        foreach (var field in new[] { "content", "role", "direction", "flowStepResultId", "metadata" })
        {
            Assert.Equal(posted.GetProperty("properties").GetProperty(field).GetRawText(), imported.GetProperty("properties").GetProperty(field).GetRawText());
        }

        var required = (JsonElement schema) => schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToHashSet();
        Assert.Subset(required(imported), required(posted));
    }

    private static void AssertStates(TextField field, JsonElement schema, string where)
    {
        Assert.True(schema.GetProperty("maxLength").GetInt32() == field.MaxLength, $"{where}: maxLength");
        var minLength = schema.TryGetProperty("minLength", out var min) ? min.GetInt32() : 0;
        Assert.True(minLength == field.MinLength, $"{where}: minLength is {minLength}, the reader wants {field.MinLength}");
    }
}
