using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Client.Tests;

/// <summary>A real delivery from the API verifies with the secret its create answer showed.</summary>
public sealed class WebhookDeliveryVerifyTests(StreamApiFactory factory) : IClassFixture<StreamApiFactory>
{
    [Fact]
    public async Task A_delivery_from_the_API_verifies_with_the_secret_of_the_create_answer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = factory.HttpFor();
        var created = await EventSource.PostAsync(http, "/v1/messaging/webhooks",
            $$"""{"url":{{JsonSerializer.Serialize(receiver.Url.ToString())}},"types":["message.created"]}""");
        var secret = created.GetProperty("secret").GetString()!;

        await EventSource.WriteAsync(http, 2);
        await receiver.WaitForAsync(r => r.Count > 0, TimeSpan.FromSeconds(20));

        var delivery = receiver.Received[0];
        var header = delivery.Headers[WebhookSignature.HeaderName];
        Assert.True(WebhookSignature.Verify(header, delivery.Body, [secret], WebhookSignature.DefaultTolerance).IsValid, header);
        Assert.False(WebhookSignature.Verify(header, delivery.Body, [secret + "x"], WebhookSignature.DefaultTolerance).IsValid);
        Assert.Equal("message.created", delivery.Event.GetProperty("type").GetString());
    }
}
