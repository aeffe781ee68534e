using System.Net;
using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Api.Tests;

/// <summary>
/// What the deliveries and redeliver endpoints show of real attempts: a receiver on loopback (so insecure targets
/// are on, as in Development) gets the events of an owner no other test writes for.
/// </summary>
[Collection(InsecureWebhooksCollection.Name)]
public sealed class WebhookDeliveriesApiTests(InsecureWebhooksApiFactory factory)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_delivered_event_is_listed_and_a_redelivery_is_listed_above_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = factory.ClientForNewOwner();
        var webhook = await CreateAsync(client, receiver.Url, """["conversation.created"]""");
        var conversation = await client.CreateConversationAsync();
        await receiver.WaitForAsync(r => r.Count == 1, Patience);
        var eventId = receiver.Received[0].EventId;
        var path = $"{WebhookTests.Webhooks}/{webhook.Id()}";

        var first = Assert.Single(await WaitForDeliveriesAsync(client, path, 1));
        Assert.Equal(eventId, first.GetProperty("eventId").GetString());
        Assert.Equal("conversation.created", first.GetProperty("eventType").GetString());
        Assert.Equal(conversation.Id(), first.GetProperty("conversationId").GetString());
        Assert.Equal(1, first.GetProperty("attempt").GetInt32());
        Assert.Equal("delivered", first.GetProperty("outcome").GetString());
        Assert.Equal(200, first.GetProperty("statusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("nextAttemptAt").ValueKind);
        Assert.False(first.GetProperty("redelivery").GetBoolean());
        Assert.True(first.GetProperty("durationMs").GetDouble() >= 0);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", first.GetProperty("attemptedAt").GetString());

        using (var redeliver = await client.PostJsonAsync($"{path}/redeliver", JsonSerializer.Serialize(new { eventId })))
        {
            Assert.Equal($$"""{"eventId":"{{eventId}}"}""", (await redeliver.ExpectJsonAsync(HttpStatusCode.Accepted)).GetRawText());
        }

        await receiver.WaitForAsync(r => r.Count == 2, Patience);
        Assert.Equal(eventId, receiver.Received[1].EventId);
        var listed = await WaitForDeliveriesAsync(client, path, 2);
        Assert.Equal([true, false], listed.Select(d => d.GetProperty("redelivery").GetBoolean()));
        Assert.All(listed, d => Assert.Equal(eventId, d.GetProperty("eventId").GetString()));
        var newest = Assert.Single((await client.ReadJsonAsync($"{path}/deliveries?limit=1")).GetProperty("data").EnumerateArray());
        Assert.True(newest.GetProperty("redelivery").GetBoolean());
    }

    [Fact]
    public async Task A_refused_delivery_is_listed_as_retrying_with_the_answer_and_when_it_is_tried_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(503);
        using var client = factory.ClientForNewOwner();
        var webhook = await CreateAsync(client, receiver.Url, """["conversation.created"]""");
        var path = $"{WebhookTests.Webhooks}/{webhook.Id()}";
        await client.CreateConversationAsync();

        try
        {
            await receiver.WaitForAsync(r => r.Count >= 1, Patience);
            var attempt = (await WaitForDeliveriesAsync(client, path, 1))[^1];

            Assert.Equal(1, attempt.GetProperty("attempt").GetInt32());
            Assert.Equal("retrying", attempt.GetProperty("outcome").GetString());
            Assert.Equal(503, attempt.GetProperty("statusCode").GetInt32());
            Assert.Equal("receiver says no", attempt.GetProperty("responseBody").GetString());
            Assert.True(DateTime.Parse(attempt.GetProperty("nextAttemptAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                > DateTime.Parse(attempt.GetProperty("attemptedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            // Stops the retries.
            using var deleted = await client.DeleteAsync(path);
        }
    }

    /// <summary>
    /// Redeliveries are bounded: asked again while it waits, an event is one redelivery (many concurrent asks write
    /// nothing more), and past the limit a request is refused with a problem naming it, while what was accepted is
    /// sent, once each, when the endpoint is enabled again.
    /// </summary>
    [Fact]
    public async Task Redeliveries_waiting_for_a_disabled_endpoint_are_deduplicated_and_capped_and_each_is_sent_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = factory.ClientForNewOwner();
        var webhook = await CreateAsync(client, receiver.Url, """["conversation.created"]""");
        var path = $"{WebhookTests.Webhooks}/{webhook.Id()}";
        const int waiting = InsecureWebhooksApiFactory.MaxWaitingRedeliveries;
        for (var i = 0; i <= waiting; i++)
        {
            await client.CreateConversationAsync();
        }

        await receiver.WaitForAsync(r => r.Count == waiting + 1, Patience);
        var events = receiver.Received.Select(r => r.EventId).ToList();
        await WaitForDeliveriesAsync(client, path, waiting + 1);
        using (var disabled = await client.PutJsonAsync(path, """{"enabled":false}"""))
        {
            await disabled.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var asked = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => RedeliverAsync(client, path, events[0])));
        Assert.All(asked, status => Assert.Equal(HttpStatusCode.Accepted, status));
        for (var i = 1; i < waiting; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await RedeliverAsync(client, path, events[i]));
        }

        using (var refused = await client.PostJsonAsync($"{path}/redeliver", JsonSerializer.Serialize(new { eventId = events[waiting] })))
        {
            var problem = await refused.ExpectProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains($"{waiting} redeliveries are already waiting", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Accepted, await RedeliverAsync(client, path, events[0]));
        using (var enabled = await client.PutJsonAsync(path, """{"enabled":true}"""))
        {
            await enabled.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var listed = await WaitForDeliveriesAsync(client, path, waiting + 1 + waiting);
        var redelivered = listed.Where(d => d.GetProperty("redelivery").GetBoolean()).Select(d => d.GetProperty("eventId").GetString()).ToList();
        Assert.Equal(events.Take(waiting).Order(StringComparer.Ordinal), redelivered.Order(StringComparer.Ordinal));
        Assert.Equal(waiting + 1 + waiting, receiver.Received.Count);
    }

    private static async Task<HttpStatusCode> RedeliverAsync(HttpClient client, string path, string eventId)
    {
        using var response = await client.PostJsonAsync($"{path}/redeliver", JsonSerializer.Serialize(new { eventId }));
        return response.StatusCode;
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, Uri url, string types)
    {
        using var response = await client.PostJsonAsync(WebhookTests.Webhooks, $$"""{"url":"{{url}}","types":{{types}}}""");
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>The attempts once at least <paramref name="count"/> are recorded (the receiver sees a POST just before its attempt is stored).</summary>
    private static async Task<IReadOnlyList<JsonElement>> WaitForDeliveriesAsync(HttpClient client, string path, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var data = (await client.ReadJsonAsync($"{path}/deliveries")).GetProperty("data").EnumerateArray().ToList();
            if (data.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(data.Count >= count, $"{data.Count} attempts recorded, waited for {count}");
                return data;
            }

            await Task.Delay(50);
        }
    }
}
