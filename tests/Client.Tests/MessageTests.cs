using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Runtype.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class MessageTests(ClientApiFactory api)
{
    private readonly RuntypeClient _client = api.Client();

    [Fact]
    public async Task A_message_round_trips()
    {
        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "messages" })).Value;

        var created = await _client.CreateMessageAsync(conversation.Id, new()
        {
            Content = "Where is my order?",
            Role = "user",
            ExternalMessageId = "mail-1",
            Metadata = JsonSerializer.SerializeToElement(new { channel = "email" }),
        });

        Assert.StartsWith("msg_", created.Id, StringComparison.Ordinal);
        Assert.Equal("inbound", created.Direction);
        Assert.Equal("email", created.Metadata.GetProperty("channel").GetString());
        var read = await _client.GetMessageAsync(conversation.Id, created.Id);
        Assert.Equal(created.Id, read.Id);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal("mail-1", read.ExternalMessageId);

        var again = await _client.CreateMessageAsync(conversation.Id, new() { Content = "re-delivered", Role = "user", ExternalMessageId = "mail-1" });
        Assert.Equal(created.Id, again.Id);
        Assert.Equal(1, (await _client.GetConversationAsync(conversation.Id)).Value.MessageCount);
    }

    [Fact]
    public async Task A_redaction_erases_the_content_keeps_the_place_and_can_be_repeated()
    {
        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "messages" })).Value;
        var created = await _client.CreateMessageAsync(conversation.Id, new()
        {
            Content = "my card is 4111 1111 1111 1111",
            Role = "user",
            ExternalMessageId = "mail-secret",
            Metadata = JsonSerializer.SerializeToElement(new { card = "4111" }),
        });
        Assert.Null(created.RedactedAt);

        var redacted = await _client.RedactMessageAsync(conversation.Id, created.Id);
        var again = await _client.RedactMessageAsync(conversation.Id, created.Id);

        Assert.Equal("", redacted.Content);
        Assert.Equal("{}", redacted.Metadata.GetRawText());
        Assert.NotNull(redacted.RedactedAt);
        Assert.Equal((created.Id, created.CreatedAt, created.ExternalMessageId), (redacted.Id, redacted.CreatedAt, redacted.ExternalMessageId));
        Assert.Equal(redacted with { Metadata = default }, again with { Metadata = default });
        Assert.Equal("", (await _client.GetMessageAsync(conversation.Id, created.Id)).Content);
        var missing = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.RedactMessageAsync(conversation.Id, "msg_01JAAAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_delivery_the_sender_recorded_reads_back_on_the_message()
    {
        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "messages" })).Value;
        var created = await _client.CreateMessageAsync(conversation.Id, new() { Content = "Your order shipped.", Role = "assistant" });
        Assert.Null(created.Delivery);

        // No endpoint writes a delivery: the email sender records it through the conversation's grain.
        var grain = api.Services.GetRequiredService<IGrainFactory>().GetGrain<Grains.IConversationGrain>(Grains.GrainKeys.Compose("client-owner-a", conversation.Id));
        var sentAt = new DateTime(2026, 4, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        await grain.RecordDelivery(created.Id, new Grains.MessageDelivery { Status = Grains.DeliveryStatus.Sent, Attempts = 2, LastError = "421 busy", SentAt = sentAt });

        var read = await _client.GetMessageAsync(conversation.Id, created.Id);
        Assert.Equal(new MessageDelivery("sent", 2, "421 busy", new DateTimeOffset(sentAt)), read.Delivery);
    }

    [Fact]
    public async Task A_400_names_the_field()
    {
        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "messages" })).Value;

        var error = await Assert.ThrowsAsync<RuntypeApiException>(
            () => _client.CreateMessageAsync(conversation.Id, new() { Content = "", Role = "robot" }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(["content", "role"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Paging_walks_120_messages_in_both_orders()
    {
        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "paging" })).Value;
        var ids = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            ids.Add((await _client.CreateMessageAsync(conversation.Id, new() { Content = $"m{i}", Role = i % 2 == 0 ? "user" : "assistant" })).Id);
        }

        var ascending = await _client.EnumerateMessagesAsync(conversation.Id, MessageOrder.Ascending, pageSize: 50).ToListAsync();
        var descending = await _client.EnumerateMessagesAsync(conversation.Id, MessageOrder.Descending, pageSize: 50).ToListAsync();

        Assert.Equal(ids, ascending.Select(m => m.Id));
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"m{i}"), ascending.Select(m => m.Content));
        Assert.Equal(Enumerable.Reverse(ids), descending.Select(m => m.Id));

        var page = await _client.ListMessagesAsync(conversation.Id, MessageOrder.Descending, limit: 100);
        Assert.Equal(120, page.TotalCount);
        Assert.Equal(100, page.Data.Count);
        Assert.NotNull(page.NextCursor);
    }
}
