using System.Net;

namespace Runtype.Client.Tests;

[Collection(ClientCollection.Name)]
public sealed class RetryTests(ClientApiFactory api)
{
    private static readonly CreateMessageRequest Hello = new() { Content = "hello", Role = "user" };

    [Fact]
    public async Task A_post_whose_answer_was_lost_is_retried_with_the_same_key_and_written_once()
    {
        var drop = new DropFirstPostAnswer();
        var client = api.Client(between: () => drop);
        var conversation = (await api.Client().CreateConversationAsync(new() { SurfaceId = "retry" })).Value;

        var message = await client.CreateMessageAsync(conversation.Id, Hello);

        Assert.Equal(2, drop.Keys.Count);
        Assert.NotNull(drop.Keys.First());
        Assert.Single(drop.Keys.Distinct());
        Assert.Equal(drop.LostId, message.Id);
        var page = await client.ListMessagesAsync(conversation.Id);
        Assert.Equal(1, page.TotalCount);
        Assert.Equal(message.Id, Assert.Single(page.Data).Id);
    }

    [Fact]
    public async Task Posts_racing_with_one_key_all_get_the_one_message_the_ones_answered_still_in_flight_retry()
    {
        var client = api.Client();
        var conversation = (await client.CreateConversationAsync(new() { SurfaceId = "retry" })).Value;
        var key = Guid.NewGuid().ToString();

        var messages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.CreateMessageAsync(conversation.Id, Hello, key)));

        Assert.Single(messages.Select(m => m.Id).Distinct());
        Assert.Equal(1, (await client.ListMessagesAsync(conversation.Id)).TotalCount);
    }

    [Fact]
    public async Task With_a_new_key_per_attempt_the_same_lost_answer_would_write_twice()
    {
        // The control for the test above: it proves the drop really reaches the server, so only the kept key saves it.
        var drop = new DropFirstPostAnswer();
        var client = api.Client(between: [() => drop, () => new NewKeyPerAttempt()]);
        var conversation = (await api.Client().CreateConversationAsync(new() { SurfaceId = "retry" })).Value;

        var message = await client.CreateMessageAsync(conversation.Id, Hello);

        Assert.NotEqual(drop.LostId, message.Id);
        Assert.Equal(2, (await client.ListMessagesAsync(conversation.Id)).TotalCount);
    }

    [Fact]
    public async Task A_conversation_create_whose_answer_was_lost_creates_one_conversation()
    {
        var drop = new DropFirstPostAnswer();
        var client = api.Client(between: () => drop);
        var surface = $"retry-create-{Guid.NewGuid():N}";

        var created = await client.CreateConversationAsync(new() { SurfaceId = surface });

        Assert.Equal(drop.LostId, created.Value.Id);
        Assert.Single(await client.EnumerateConversationsAsync(new() { SurfaceId = surface }).ToListAsync());
    }

    [Fact]
    public async Task A_503_is_retried_after_its_Retry_After()
    {
        var outage = new FailFirst(1, HttpStatusCode.ServiceUnavailable, retryAfter: TimeSpan.FromSeconds(1));
        var client = api.Client(between: () => outage);

        var created = await client.CreateConversationAsync(new() { SurfaceId = "retry-503" });

        Assert.Equal("retry-503", created.Value.SurfaceId);
        Assert.Equal(2, outage.Attempts);

        // The configured backoff is 20 ms: a second between the attempts is the server's Retry-After.
        Assert.True(outage.Times[1] - outage.Times[0] >= TimeSpan.FromMilliseconds(950), $"retried after {outage.Times[1] - outage.Times[0]}");
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Transient_statuses_are_retried(HttpStatusCode status)
    {
        var failing = new FailFirst(2, status);
        var client = api.Client(between: () => failing);

        await client.CreateConversationAsync(new() { SurfaceId = "retry-transient" });

        Assert.Equal(3, failing.Attempts);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_retried()
    {
        var slow = new FailFirst(1, HttpStatusCode.OK, hang: TimeSpan.FromSeconds(30));
        var client = api.Client(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300), () => slow);

        var created = await client.CreateConversationAsync(new() { SurfaceId = "retry-timeout" });

        Assert.Equal(2, slow.Attempts);
        Assert.Equal("retry-timeout", created.Value.SurfaceId);
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetries_and_the_last_answer_surfaces()
    {
        var down = new FailFirst(100, HttpStatusCode.ServiceUnavailable);
        var client = api.Client(o => o.MaxRetries = 2, () => down);

        var error = await Assert.ThrowsAsync<RuntypeApiException>(() => client.GetSurfaceAsync("anything"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, down.Attempts);
    }

    [Fact]
    public async Task A_500_is_not_retried()
    {
        var broken = new FailFirst(1, HttpStatusCode.InternalServerError);
        var client = api.Client(between: () => broken);

        var error = await Assert.ThrowsAsync<RuntypeApiException>(() => client.GetSurfaceAsync("anything"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(1, broken.Attempts);
    }

    [Fact]
    public async Task Create_without_dependency_injection_builds_the_same_pipeline()
    {
        var drop = new DropFirstPostAnswer { InnerHandler = api.Handler() };
        var client = RuntypeClient.Create(
            new RuntypeClientOptions { BaseAddress = new Uri("http://localhost"), ApiKey = ClientApiFactory.ApiKey, RetryDelay = TimeSpan.FromMilliseconds(20) },
            drop);
        var conversation = (await client.CreateConversationAsync(new() { SurfaceId = "retry-create" })).Value;

        var message = await client.CreateMessageAsync(conversation.Id, Hello);

        Assert.Equal(drop.LostId, conversation.Id);
        Assert.Equal(1, (await client.ListMessagesAsync(conversation.Id)).TotalCount);
        Assert.Equal(message.Id, (await client.GetMessageAsync(conversation.Id, message.Id)).Id);
    }
}
