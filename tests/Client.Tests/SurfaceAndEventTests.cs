using System.Net;

namespace Runtype.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class SurfaceAndEventTests(ClientApiFactory api)
{
    private readonly RuntypeClient _client = api.Client();

    [Fact]
    public async Task A_surface_is_put_renamed_and_read()
    {
        var id = $"sms-{Guid.NewGuid():N}";
        var first = await _client.PutSurfaceAsync(id, "SMS", "sms");
        var renamed = await _client.PutSurfaceAsync(id, "SMS line", "sms");

        var read = await _client.GetSurfaceAsync(id);

        Assert.Equal(renamed, read);
        Assert.Equal("SMS line", read.Name);
        Assert.Equal(first.CreatedAt, read.CreatedAt);
        var missing = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.GetSurfaceAsync($"none-{Guid.NewGuid():N}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_event_feed_is_read_page_by_page_until_it_is_empty()
    {
        var conversation = (await _client.CreateConversationAsync(new() { SurfaceId = "events" })).Value;
        for (var i = 0; i < 5; i++)
        {
            await _client.CreateMessageAsync(conversation.Id, new() { Content = $"e{i}", Role = "user" });
        }

        await _client.UpdateConversationAsync(conversation.Id, new() { Status = ConversationStatuses.Closed });
        var query = new EventQuery { ConversationId = conversation.Id, Limit = 2 };

        var events = await _client.EnumerateEventsAsync(query).ToListAsync();

        Assert.Equal(["conversation.created", "message.created", "message.created", "message.created", "message.created", "message.created", "conversation.updated"],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal("e4", events[5].Data.GetProperty("content").GetString());
        Assert.Equal("open", events[6].PreviousAttributes!.Value.GetProperty("status").GetString());

        var messagesOnly = await _client.EnumerateEventsAsync(query with { Types = ["message.created"] }).ToListAsync();
        Assert.Equal(5, messagesOnly.Count);

        var page = await _client.ListEventsAsync(query with { Limit = 100 });
        Assert.Equal(7, page.Data.Count);
        var after = await _client.ListEventsAsync(query with { After = page.NextCursor });
        Assert.Empty(after.Data);
        Assert.NotNull(after.NextCursor);
    }
}
