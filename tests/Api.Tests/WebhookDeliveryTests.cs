using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
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

    [Fact]
    public async Task Twenty_concurrent_writers_each_conversations_events_arrive_once_in_sequence_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await RegisterAsync("owner-a", receiver.Url);
        using var client = factory.ClientFor();
        var conversations = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            conversations.Add((await client.CreateConversationAsync()).GetProperty("id").GetString()!);
        }

        // 20 writers, two per conversation, 15 messages each: 300 messages racing on 10 conversations.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async w =>
        {
            for (var m = 0; m < 15; m++)
            {
                await client.CreateMessageAsync(conversations[w % 10], $$"""{"content":"w{{w}} m{{m}}","role":"user"}""");
            }
        }));

        var expected = conversations.ToHashSet();
        await receiver.WaitForAsync(r => r.Count(w => expected.Contains(w.Event.GetProperty("conversationId").GetString()!)) >= 310, Patience);
        foreach (var id in conversations)
        {
            var arrived = receiver.Delivered.Where(w => w.Event.GetProperty("conversationId").GetString() == id)
                .Select(w => w.Event.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, 31).Select(n => (long)n), arrived);
        }
    }

    [Fact]
    public async Task Another_owners_endpoint_never_receives_an_event_of_this_owner()
    {
        await using var mine = await WebhookReceiver.StartAsync();
        await using var theirs = await WebhookReceiver.StartAsync();
        await RegisterAsync("owner-a", mine.Url);
        await RegisterAsync("owner-b", theirs.Url);
        using var a = factory.ClientFor(ApiFactory.OwnerAKey);
        using var b = factory.ClientFor(ApiFactory.OwnerBKey);

        var ofA = (await a.CreateConversationAsync()).GetProperty("id").GetString()!;
        var ofB = (await b.CreateConversationAsync()).GetProperty("id").GetString()!;
        await mine.WaitForAsync(r => r.Any(w => w.Event.GetProperty("conversationId").GetString() == ofA), Patience);
        await theirs.WaitForAsync(r => r.Any(w => w.Event.GetProperty("conversationId").GetString() == ofB), Patience);

        Assert.DoesNotContain(theirs.Received, w => w.Event.GetProperty("conversationId").GetString() == ofA);
        Assert.DoesNotContain(mine.Received, w => w.Event.GetProperty("conversationId").GetString() == ofB);
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_sign_and_a_disabled_then_deleted_endpoint_stops_receiving()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhook, first) = await RegisterAsync("owner-a", receiver.Url);
        var endpoints = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhooksGrain>("owner-a");
        var rotated = await endpoints.RotateSecret(webhook.Id);
        using var client = factory.ClientFor();

        var one = (await client.CreateConversationAsync()).GetProperty("id").GetString()!;
        await receiver.WaitForAsync(r => r.Any(w => w.Event.GetProperty("conversationId").GetString() == one), Patience);
        var signed = receiver.Delivered.Single(w => w.Event.GetProperty("conversationId").GetString() == one);
        Assert.Equal([rotated!.Secret, first], await WebhookSignatureCheck.MatchingAsync(signed.Headers["Runtype-Signature"], signed.Body, rotated.Secret, first));

        // A second endpoint of the owner, still enabled, shows when the owner's deliveries have run past both events.
        await using var control = await WebhookReceiver.StartAsync();
        var (controlWebhook, _) = await RegisterAsync("owner-a", control.Url);
        await endpoints.Update(webhook.Id, new WebhookPatch { Enabled = false });
        var two = (await client.CreateConversationAsync()).GetProperty("id").GetString()!;
        await endpoints.Delete(webhook.Id);
        var three = (await client.CreateConversationAsync()).GetProperty("id").GetString()!;
        await control.WaitForAsync(r => r.Any(w => w.Event.GetProperty("conversationId").GetString() == two)
            && r.Any(w => w.Event.GetProperty("conversationId").GetString() == three), Patience);

        Assert.DoesNotContain(receiver.Received, w => w.Event.GetProperty("conversationId").GetString() is { } c && (c == two || c == three));
        await endpoints.Delete(controlWebhook.Id);
    }

    [Fact]
    public async Task Once_a_disable_is_answered_no_new_delivery_begins_even_in_the_middle_of_a_page()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var arrivals = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        receiver.OnArrival = _ => arrivals.Enqueue(DateTimeOffset.UtcNow);
        // Every delivery is held at the receiver until the endpoint is disabled: the page is certainly still going then.
        var disabled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = (_, _) => disabled.Task;
        var (webhook, _) = await RegisterAsync("owner-disable", receiver.Url);
        var endpoints = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhooksGrain>("owner-disable");
        var delivery = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>(GrainKeys.Compose("owner-disable", webhook.Id));

        // 40 conversations' first events, written while the endpoint waits disabled and read back from the feed: once
        // enabled, its first page holds them all, more than the 16 deliveries in flight at once, and those 16 begin together.
        await endpoints.Update(webhook.Id, new WebhookPatch { Enabled = false });
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => grains.GetGrain<IConversationGrain>(
            GrainKeys.Compose("owner-disable", Identifiers.NewConversationId())).Create(new ConversationFields { SurfaceId = "sms" })));
        var feed = factory.Services.GetService<IEventLog>() ?? factory.Services.GetRequiredService<InMemoryConversationStore>().Events;
        var deadline = DateTime.UtcNow + Patience;
        while ((await feed.ReadAsync("owner-disable", new EventQuery(EventPosition.Start, 100))).Items.Count < 40)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the feed did not show the 40 events within {Patience}");
            await Task.Delay(20);
        }

        await endpoints.Update(webhook.Id, new WebhookPatch { Enabled = true });
        await receiver.WaitForAsync(_ => arrivals.Count >= new WebhooksOptions().Concurrency, Patience);
        await endpoints.Update(webhook.Id, new WebhookPatch { Enabled = false });
        var disabledAt = DateTimeOffset.UtcNow;
        disabled.SetResult(200);

        // Each held delivery is answered and recorded; a slot freed by an answer is where a next delivery would begin
        // at once, so one begun after the disable arrives before the last of them is recorded.
        deadline = DateTime.UtcNow + Patience;
        while ((await delivery.Recent(100)).Count < arrivals.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{arrivals.Count} deliveries arrived, fewer were recorded within {Patience}");
            await Task.Delay(20);
        }

        Assert.InRange(arrivals.Count, 1, 39);
        Assert.DoesNotContain(arrivals, at => at > disabledAt + TimeSpan.FromMilliseconds(50));
        await endpoints.Delete(webhook.Id);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_it_is_a_failed_attempt()
    {
        await using var target = await WebhookReceiver.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(307);
        receiver.RedirectTo = target.Url;
        var (webhook, _) = await RegisterAsync("owner-b", receiver.Url);
        using var client = factory.ClientFor(ApiFactory.OwnerBKey);
        await client.CreateConversationAsync();

        await receiver.WaitForAsync(r => r.Count >= 1, Patience);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Deliveries("owner-b", webhook.Id)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var attempt = (await Deliveries("owner-b", webhook.Id))[^1];
        Assert.Equal(DeliveryOutcome.Retrying, attempt.Outcome);
        Assert.Equal(307, attempt.StatusCode);
        Assert.Equal("redirects are not followed", attempt.Error);
        Assert.Empty(target.Received);
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhooksGrain>("owner-b").Delete(webhook.Id);
    }

    [Fact]
    public async Task A_create_retried_under_its_reserved_id_finds_the_endpoint_its_first_attempt_made()
    {
        var endpoints = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhooksGrain>("owner-retry");
        var draft = new WebhookDraft("http://127.0.0.1:9/hooks", null, null, Identifiers.WebhookPrefix + Identifiers.NewUlid());

        var first = await endpoints.Create(draft);
        var retry = await endpoints.Create(draft);

        Assert.Equal(first, retry);
        Assert.Equal(draft.Id, Assert.Single(await endpoints.List()).Id);
        await endpoints.Delete(draft.Id!);
    }

    private async Task<IReadOnlyList<WebhookDelivery>> Deliveries(string owner, string id) =>
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>(GrainKeys.Compose(owner, id)).Recent(200);

    private async Task<(Webhook Webhook, string Secret)> RegisterAsync(string owner, Uri url, IReadOnlyList<Grains.Events.EventType>? types = null)
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var created = await grains.GetGrain<IWebhooksGrain>(owner).Create(new WebhookDraft(url.ToString(), types, null));
        Assert.NotNull(created);
        return (created.Webhook, created.Secret);
    }
}
