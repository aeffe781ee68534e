using System.Text.Json;

namespace Runtype.Client.Tests;

/// <summary>The client's records name exactly the fields the API's OpenAPI document gives its answers, so neither drifts unnoticed.</summary>
[Collection(ClientCollection.Name)]
public sealed class WireShapeTests(ClientApiFactory api)
{
    public static TheoryData<string, Type> Answers => new()
    {
        { "ConversationDetails", typeof(Conversation) },
        { "ConversationSummary", typeof(ConversationSummary) },
        { "Pagination", typeof(Pagination) },
        { "MessageResponse", typeof(Message) },
        { "MessageDeliveryResponse", typeof(MessageDelivery) },
        { "SurfaceResponse", typeof(Surface) },
        { "EmailResponse", typeof(SurfaceEmail) },
        { "MailServerResponse", typeof(SurfaceMailServer) },
        { "WebhookResponse", typeof(Webhook) },
        { "WebhookWithSecretResponse", typeof(WebhookWithSecret) },
        { "WebhookDeliveryResponse", typeof(WebhookDelivery) },
        { "CreateConversationRequest", typeof(CreateConversationRequest) },
        { "UpdateConversationRequest", typeof(ConversationUpdate) },
        { "CreateMessageRequest", typeof(CreateMessageRequest) },
        { "CreateWebhookRequest", typeof(CreateWebhookRequest) },
        { "UpdateWebhookRequest", typeof(WebhookUpdate) },
        { "PutSurfaceRequest", typeof(PutSurfaceRequest) },
        { "EmailSettingsBody", typeof(EmailSettings) },
        { "MailServerBody", typeof(MailServerSettings) },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_record_has_the_fields_of_its_schema(string schema, Type record)
    {
        using var http = api.CreateClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var properties = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties");

        var expected = properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var actual = record.GetProperties().Where(p => p.CanWrite || p.DeclaringType == record)
            .Where(p => p.Name != "EqualityContract")
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }
}
