using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Webhooks;
using Runtype.Testing;

namespace Runtype.Api.Tests;

public sealed class WebhookDeliveryTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_event_type_arrives_signed_with_the_secret_in_sequence_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await RegisterAsync("owner-a", receiver.Url);
        using var client = factory.ClientFor();

        var conversation = await client.CreateConversationAsync();
        var id = conversation.GetProperty("id").GetString()!;
        await client.CreateMessageAsync(id);
        using (var closed = await client.PutJsonAsync($"{ApiClientExtensions.Conversations}/{id}", """{"status":"closed"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        await client.CreateMessageAsync(id); // reopens: message.created, then conversation.updated
        using (var deleted = await client.DeleteAsync($"{ApiClientExtensions.Conversations}/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        await receiver.WaitForAsync(r => r.Count(w => w.Event.GetProperty("conversationId").GetString() == id) >= 6, Patience);
        var mine = receiver.Delivered.Where(w => w.Event.GetProperty("conversationId").GetString() == id).ToList();
        Assert.Equal(
            ["conversation.created", "message.created", "conversation.updated", "message.created", "conversation.updated", "conversation.deleted"],
            mine.Select(w => w.Event.GetProperty("type").GetString()));
        Assert.Equal([1L, 2, 3, 4, 5, 6], mine.Select(w => w.Event.GetProperty("sequence").GetInt64()));
        foreach (var w in mine)
        {
            Assert.Equal(w.Event.GetProperty("id").GetString(), w.Headers["Runtype-Event-Id"]);
            Assert.Equal(w.Event.GetProperty("type").GetString(), w.Headers["Runtype-Event-Type"]);
            Assert.StartsWith("application/json", w.Headers["Content-Type"], StringComparison.Ordinal);
            Assert.Equal([secret], await WebhookSignatureCheck.MatchingAsync(w.Headers["Runtype-Signature"], w.Body, secret, "whsec_not-the-secret"));
        }
    }

    private async Task<(Webhook Webhook, string Secret)> RegisterAsync(string owner, Uri url, IReadOnlyList<Grains.Events.EventType>? types = null)
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var created = await grains.GetGrain<IWebhooksGrain>(owner).Create(new WebhookDraft(url.ToString(), types, null));
        Assert.NotNull(created);
        return (created.Webhook, created.Secret);
    }
}
