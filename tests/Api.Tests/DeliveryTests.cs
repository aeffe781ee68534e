using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Runtype.Grains;

namespace Runtype.Api.Tests;

/// <summary>
/// A message's delivery through the API: every message answers <c>delivery</c> (null until the sender records one), and
/// a delivery recorded through the grain (the sender's path; no endpoint writes it) is what GET, the listing and a fresh
/// activation answer, with one <c>message.delivery_updated</c> event carrying the message as GET answers it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeliveryTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    [Fact]
    public async Task A_recorded_delivery_is_what_the_message_answers_and_its_event_carries()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}";
        var posted = await client.CreateMessageAsync(conversation.Id(), """{"content":"Your order shipped.","role":"assistant"}""");
        Assert.Equal(JsonValueKind.Null, posted.GetProperty("delivery").ValueKind);
        using var before = await client.GetAsync(path);
        var updatedAt = (await before.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("updatedAt").GetString();

        var sentAt = new DateTime(2026, 2, 3, 4, 5, 6, 789, DateTimeKind.Utc);
        var result = await Grain(conversation.Id()).RecordDelivery(posted.Id(), new MessageDelivery { Status = DeliveryStatus.Sent, Attempts = 2, SentAt = sentAt });
        Assert.Equal(MessageOutcome.DeliveryRecorded, result.Outcome);

        var one = await client.ReadJsonAsync($"{path}/messages/{posted.Id()}");
        Assert.Equal("""{"status":"sent","attempts":2,"lastError":null,"sentAt":"2026-02-03T04:05:06.789Z"}""", one.GetProperty("delivery").GetRawText());
        Assert.Equal(one.GetRawText(), (await client.ReadJsonAsync($"{path}/messages")).GetProperty("data")[0].GetRawText());
        // Read back by a fresh activation: from the store, not the window the record updated.
        await Grain(conversation.Id()).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(one.GetRawText(), (await client.ReadJsonAsync($"{path}/messages/{posted.Id()}")).GetRawText());
        Assert.Equal(one.GetRawText(), (await client.ReadJsonAsync($"{path}/messages?order=desc")).GetProperty("data")[0].GetRawText());

        var change = Assert.Single(await DeliveryEventsAsync(client, conversation.Id()));
        Assert.Equal(one.GetRawText(), change.GetProperty("data").GetRawText());
        using var after = await client.GetAsync(path);
        var current = await after.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal($"\"{change.GetProperty("sequence").GetInt64()}\"", after.Headers.ETag!.Tag);
        // Bookkeeping of the server's, not a client's change: the conversation keeps its place in listings.
        Assert.Equal(updatedAt, current.GetProperty("updatedAt").GetString());
    }

    private IConversationGrain Grain(string conversationId) =>
        factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IConversationGrain>(GrainKeys.Compose("owner-a", conversationId));

    /// <summary>The conversation's message.delivery_updated events, read until one shows (the feed may lag a commit on PostgreSQL).</summary>
    private static async Task<List<JsonElement>> DeliveryEventsAsync(HttpClient client, string conversationId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await client.ReadJsonAsync($"/v1/messaging/events?conversationId={conversationId}&types=message.delivery_updated");
            var events = page.GetProperty("data").EnumerateArray().ToList();
            if (events.Count > 0 || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(20);
        }
    }
}
