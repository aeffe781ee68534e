using System.Net;

using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>The seed page's example, end to end.</summary>
[Collection(ApiCollection.Name)]
public sealed class SeedExampleTests(ApiFactory factory)
{
    [Fact]
    public async Task Seed_curl_creates_a_message_with_the_documented_shape()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();

        using var response = await client.PostJsonAsync(
            $"{ApiClientExtensions.Conversations}/{conversation.Id()}/messages",
            """{ "content": "Hello, I need help with my account settings.", "role": "user" }""");
        var message = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal("Hello, I need help with my account settings.", message.GetProperty("content").GetString());
        Assert.Equal(conversation.Id(), message.GetProperty("conversationId").GetString());
        Assert.Equal("inbound", message.GetProperty("direction").GetString());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.StartsWith("msg_", message.Id(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, message.GetProperty("metadata").ValueKind);
        Assert.Empty(message.GetProperty("metadata").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("externalMessageId").ValueKind);
        Assert.Equal(JsonValueKind.Null, message.GetProperty("flowStepResultId").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", message.GetProperty("createdAt").GetString());
    }
}
