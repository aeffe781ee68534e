using System.Net;

namespace Runtype.Api.Tests;

/// <summary>The Idempotency-Key extension: a retried POST replays its first answer and does the work once.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    [Fact]
    public async Task The_same_key_and_body_replays_the_created_conversation_and_creates_nothing_more()
    {
        var surface = $"idem-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        using var client = factory.ClientFor();
        var body = $$"""{"surfaceId":"{{surface}}","subject":"once"}""";

        using var first = await Post(client, Conversations, body, key);
        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        using var second = await Post(client, Conversations, body, key);
        var replayed = await second.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal(created.GetRawText(), replayed.GetRawText());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        var list = await client.ReadJsonAsync($"{Conversations}?surfaceId={surface}");
        Assert.Equal(1, list.GetProperty("pagination").GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task The_same_key_and_body_replays_the_created_message_and_appends_once()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}/messages";
        var key = Guid.NewGuid().ToString();

        using var first = await Post(client, path, """{"content":"pay invoice 42","role":"user"}""", key);
        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        for (var retry = 0; retry < 3; retry++)
        {
            using var again = await Post(client, path, """{"content":"pay invoice 42","role":"user"}""", key);
            Assert.Equal(created.GetRawText(), (await again.ExpectJsonAsync(HttpStatusCode.Created)).GetRawText());
        }

        Assert.Equal(1, (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}")).GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_a_422_and_does_nothing()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}/messages";
        var key = Guid.NewGuid().ToString();
        using (var first = await Post(client, path, """{"content":"one","role":"user"}""", key))
        {
            await first.ExpectJsonAsync(HttpStatusCode.Created);
        }

        using var different = await Post(client, path, """{"content":"two","role":"user"}""", key);
        await different.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        var messages = await client.ReadJsonAsync(path);
        Assert.Equal(["one"], messages.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task The_same_key_on_another_path_is_a_422()
    {
        using var client = factory.ClientFor();
        var key = Guid.NewGuid().ToString();
        var one = await client.CreateConversationAsync();
        var two = await client.CreateConversationAsync();
        using (var first = await Post(client, $"{Conversations}/{one.Id()}/messages", """{"content":"x","role":"user"}""", key))
        {
            await first.ExpectJsonAsync(HttpStatusCode.Created);
        }

        using var other = await Post(client, $"{Conversations}/{two.Id()}/messages", """{"content":"x","role":"user"}""", key);
        await other.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, (await client.ReadJsonAsync($"{Conversations}/{two.Id()}")).GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task Different_keys_do_the_work_each_time()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}/messages";

        using var a = await Post(client, path, """{"content":"same","role":"user"}""", Guid.NewGuid().ToString());
        using var b = await Post(client, path, """{"content":"same","role":"user"}""", Guid.NewGuid().ToString());

        Assert.NotEqual((await a.ExpectJsonAsync(HttpStatusCode.Created)).Id(), (await b.ExpectJsonAsync(HttpStatusCode.Created)).Id());
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_owner()
    {
        var key = Guid.NewGuid().ToString();
        using var ownerA = factory.ClientFor(ApiFactory.OwnerAKey);
        using var ownerB = factory.ClientFor(ApiFactory.OwnerBKey);

        using var a = await Post(ownerA, Conversations, """{"surfaceId":"email"}""", key);
        using var b = await Post(ownerB, Conversations, """{"surfaceId":"email"}""", key);
        var fromA = await a.ExpectJsonAsync(HttpStatusCode.Created);
        var fromB = await b.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.NotEqual(fromA.Id(), fromB.Id());
        using var crossRead = await ownerB.GetAsync($"{Conversations}/{fromA.Id()}");
        await crossRead.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_key_of_255_characters_is_accepted()
    {
        using var client = factory.ClientFor();
        var key = Guid.NewGuid().ToString("N") + new string('k', 255 - 32);
        using var response = await Post(client, Conversations, """{"surfaceId":"email"}""", key);
        await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    // An empty key is refused the same way, but the test client drops empty headers before sending, so only
    // a real socket could show it (checked by hand with curl: 400).
    [Theory]
    [InlineData("256 characters")]
    [InlineData("control character")]
    public async Task A_key_longer_than_255_or_with_control_characters_is_a_400_naming_the_header(string kind)
    {
        using var client = factory.ClientFor();
        var key = kind == "control character" ? "abc\u0001def" : new string('k', 256);
        using var response = await Post(client, Conversations, """{"surfaceId":"email"}""", key);
        await response.ExpectValidationErrorsAsync("Idempotency-Key");
    }

    [Fact]
    public async Task A_validation_failure_is_replayed_too_and_the_key_stays_bound_to_that_request()
    {
        // The first answer for a key is the answer for that key (below 500): a client retrying a bad request
        // gets the same 400, and cannot reuse the key for a different, valid body.
        using var client = factory.ClientFor();
        var key = Guid.NewGuid().ToString();
        using var first = await Post(client, Conversations, """{"subject":"no surface"}""", key);
        var problem = await first.ExpectValidationErrorsAsync("surfaceId");
        using var retry = await Post(client, Conversations, """{"subject":"no surface"}""", key);
        Assert.Equal(problem.GetRawText(), (await retry.ExpectValidationErrorsAsync("surfaceId")).GetRawText());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));

        using var reused = await Post(client, Conversations, """{"surfaceId":"email"}""", key);
        await reused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_replay_is_marked_and_a_first_answer_is_not()
    {
        using var client = factory.ClientFor();
        var key = Guid.NewGuid().ToString();
        using var first = await Post(client, Conversations, """{"surfaceId":"email"}""", key);
        using var second = await Post(client, Conversations, """{"surfaceId":"email"}""", key);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_message()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}/messages";
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Post(client, path, """{"content":"once","role":"user"}""", key)));
        try
        {
            // Each answer is the first one (201, replayed or not) or "still in flight, retry" (409).
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
            Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.Equal(1, (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}")).GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task The_key_is_ignored_on_reads()
    {
        using var client = factory.ClientFor();
        using var request = new HttpRequestMessage(HttpMethod.Get, Conversations);
        request.Headers.Add("Idempotency-Key", new string('k', 300));
        using var response = await client.SendAsync(request);
        await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string json, string key) =>
        client.PostJsonAsync(path, json, request => request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
}
