using System.Net;
using Runtype.Testing;

namespace Runtype.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class WebhookTests(ClientApiFactory api)
{
    private readonly RuntypeClient _client = api.Client();

    [Fact]
    public async Task A_webhook_is_created_read_updated_rotated_redelivered_and_deleted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await _client.CreateWebhookAsync(new() { Url = receiver.Url, Types = ["message.created"], Description = "agent" });

        Assert.StartsWith("whk_", created.Id, StringComparison.Ordinal);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(["message.created"], created.Types);
        Assert.Contains(await _client.ListWebhooksAsync(), w => w.Id == created.Id);
        var read = await _client.GetWebhookAsync(created.Id);
        Assert.Equal(receiver.Url.ToString(), read.Url);
        Assert.True(read.Enabled);

        var updated = await _client.UpdateWebhookAsync(created.Id, new() { Types = null, Description = null });
        Assert.Null(updated.Types);
        Assert.Null(updated.Description);
        Assert.True(updated.Enabled);

        var rotated = await _client.RotateWebhookSecretAsync(created.Id);
        Assert.NotEqual(created.Secret, rotated.Secret);

        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "hooks" })).Value;
        var message = await _client.CreateMessageAsync(conversation.Id, new() { Content = "ping", Role = "user" });
        var deliveries = await Eventually(async () =>
            (await _client.ListWebhookDeliveriesAsync(created.Id)).Where(d => d.ConversationId == conversation.Id && d.EventType == "message.created").ToList());
        var delivery = deliveries[0];
        Assert.Equal("delivered", delivery.Outcome);
        Assert.Equal(200, delivery.StatusCode);
        Assert.Equal(1, delivery.Attempt);

        Assert.Equal(delivery.EventId, await _client.RedeliverWebhookEventAsync(created.Id, delivery.EventId));
        await Eventually(async () => (await _client.ListWebhookDeliveriesAsync(created.Id)).Where(d => d.Redelivery).ToList());
        Assert.Contains(receiver.Received, r => r.Body.Contains(message.Id, StringComparison.Ordinal));

        var disabled = await _client.UpdateWebhookAsync(created.Id, new() { Enabled = false });
        Assert.False(disabled.Enabled);
        await _client.DeleteWebhookAsync(created.Id);
        var gone = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.GetWebhookAsync(created.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task<List<T>> Eventually<T>(Func<Task<List<T>>> read)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            var items = await read();
            if (items.Count > 0 || DateTimeOffset.UtcNow > deadline)
            {
                Assert.NotEmpty(items);
                return items;
            }

            await Task.Delay(100);
        }
    }
}
