using System.Net;
using System.Text.Json;

namespace Runtype.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class ConversationTests(ClientApiFactory api)
{
    private readonly RuntypeClient _client = api.Client();

    [Fact]
    public async Task Create_get_update_and_delete_round_trip()
    {
        var surface = await _client.PutSurfaceAsync($"inbox-{Guid.NewGuid():N}", "Support inbox", "email");
        var created = await _client.CreateConversationAsync(new()
        {
            SurfaceId = surface.Id,
            Subject = "Order 42",
            ParticipantEmail = "ada@example.com",
            Timezone = "Europe/London",
            Context = JsonSerializer.SerializeToElement(new { order = 42 }),
        });

        Assert.StartsWith("conv_", created.Value.Id, StringComparison.Ordinal);
        Assert.Equal(ConversationStatuses.Open, created.Value.Status);
        Assert.Equal(42, created.Value.Context.GetProperty("order").GetInt32());
        Assert.Equal(JsonValueKind.Object, created.Value.ParticipantMetadata.ValueKind);
        Assert.Equal(new SurfaceReference(surface.Id, "Support inbox", "email"), created.Value.Surface);
        Assert.NotNull(created.ETag);

        var read = await _client.GetConversationAsync(created.Value.Id);
        Assert.Equal(created.Value with { Context = read.Value.Context, ParticipantMetadata = read.Value.ParticipantMetadata }, read.Value);
        Assert.Equal(created.ETag, read.ETag);

        var updated = await _client.UpdateConversationAsync(created.Value.Id, new() { Status = ConversationStatuses.Closed, Subject = null });
        Assert.Equal(ConversationStatuses.Closed, updated.Value.Status);
        Assert.Null(updated.Value.Subject);
        Assert.Equal("ada@example.com", updated.Value.ParticipantEmail);
        Assert.Equal("Europe/London", updated.Value.Timezone);
        Assert.NotEqual(created.ETag, updated.ETag);

        await _client.DeleteConversationAsync(created.Value.Id);
        var gone = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.GetConversationAsync(created.Value.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("Not found", gone.Title);
        Assert.NotNull(gone.TraceId);
    }

    [Fact]
    public void An_update_sends_only_the_fields_set()
    {
        var json = JsonSerializer.Serialize(new ConversationUpdate { Subject = null, Status = "open" }, RuntypeJson.Options);

        Assert.Equal("""{"status":"open","subject":null}""", json);
    }

    [Fact]
    public async Task A_stale_If_Match_is_a_412()
    {
        var created = await _client.CreateConversationAsync(new() { SurfaceId = "etag" });
        var current = await _client.UpdateConversationAsync(created.Value.Id, new() { Subject = "first" }, ifMatch: created.ETag);

        var stale = await Assert.ThrowsAsync<RuntypeApiException>(
            () => _client.UpdateConversationAsync(created.Value.Id, new() { Subject = "second" }, ifMatch: created.ETag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var staleDelete = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.DeleteConversationAsync(created.Value.Id, created.ETag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);

        Assert.Equal("first", (await _client.GetConversationAsync(created.Value.Id)).Value.Subject);
        await _client.DeleteConversationAsync(created.Value.Id, current.ETag);
    }

    [Fact]
    public async Task A_400_names_every_invalid_field()
    {
        var error = await Assert.ThrowsAsync<RuntypeApiException>(() => _client.CreateConversationAsync(new()
        {
            SurfaceId = "bad",
            Status = "Open",
            ParticipantEmail = "not an address",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("status", error.Errors.Keys);
        Assert.Contains("participantEmail", error.Errors.Keys);
        Assert.All(error.Errors.Values, messages => Assert.NotEmpty(messages));
        Assert.Contains("participantEmail", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thread_taken_409_carries_the_existing_conversation_in_its_body()
    {
        var thread = Guid.NewGuid().ToString("N");
        var first = await _client.CreateConversationAsync(new() { SurfaceId = "threads", ExternalThreadId = thread });

        var error = await Assert.ThrowsAsync<RuntypeApiException>(
            () => _client.CreateConversationAsync(new() { SurfaceId = "threads", ExternalThreadId = thread }));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains(first.Value.Id, error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_follows_cursors_through_every_match_of_the_filters()
    {
        var surface = $"list-{Guid.NewGuid():N}";
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var status = i % 2 == 0 ? ConversationStatuses.Closed : ConversationStatuses.Open;
            ids.Add((await _client.CreateConversationAsync(new() { SurfaceId = surface, Status = status, ParticipantEmail = $"p{i}@example.com" })).Value.Id);
        }

        var all = await _client.EnumerateConversationsAsync(new() { SurfaceId = surface }, pageSize: 2).ToListAsync();
        Assert.Equal(Enumerable.Reverse(ids), all.Select(c => c.Id));

        var closed = await _client.EnumerateConversationsAsync(new() { SurfaceId = surface, Status = ConversationStatuses.Closed }, pageSize: 3).ToListAsync();
        Assert.Equal(4, closed.Count);
        Assert.All(closed, c => Assert.Equal(ConversationStatuses.Closed, c.Status));

        var one = await _client.ListConversationsAsync(new() { SurfaceId = surface, ParticipantEmail = "p3@example.com" });
        Assert.Equal(ids[3], Assert.Single(one.Data).Id);
        Assert.Null(one.Pagination.NextCursor);

        var first = await _client.ListConversationsAsync(new() { SurfaceId = surface }, limit: 5);
        Assert.Equal(7, first.Pagination.TotalCount);
        Assert.True(first.Pagination.HasMore);
        Assert.Equal(2, first.Pagination.TotalPages);
    }
}
