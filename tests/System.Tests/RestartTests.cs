using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>"201 means durable": kill -9 the server mid-stream, start it again, and everything acknowledged is there, unchanged.</summary>
public sealed class RestartTests
{
    private const string Conversations = "/v1/messaging/conversations";

    [Theory]
    [InlineData(150)]
    [InlineData(600)]
    public async Task Every_acknowledged_message_survives_a_kill_mid_stream_byte_for_byte(int killAfterMilliseconds)
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
        var acknowledged = new ConcurrentDictionary<string, ConcurrentQueue<(long Sequence, string Body)>>();
        var conversationIds = new List<string>();
        using (var client = api.Client())
        {
            for (var i = 0; i < 4; i++)
            {
                using var created = await Post(client, Conversations, $$$"""{"surfaceId":"sms","subject":"restart {{{i}}}","context":{"n":{{{i}}},"text":"Grüße 👋"}}""");
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                conversationIds.Add(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
            }

            // One sequential writer per conversation, so acknowledgement order is the order the messages must keep.
            using var stop = new CancellationTokenSource();
            var firstAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = conversationIds.Select(id => Task.Run(async () =>
            {
                var queue = acknowledged.GetOrAdd(id, _ => new ConcurrentQueue<(long, string)>());
                for (long n = 1; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        using var response = await Post(client, $"{Conversations}/{id}/messages", $$$"""{"content":"message {{{n}}} ✓","role":"user","externalMessageId":"ext-{{{n}}}","metadata":{"n":{{{n}}}}}""");
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            queue.Enqueue((n, await response.Content.ReadAsStringAsync()));
                            firstAcknowledged.TrySetResult();
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return;
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            // The kill is timed from the first 201, not from the start: a cold process on a busy machine can take
            // longer than the delay to answer at all, and a kill before any 201 proves nothing.
            await firstAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(killAfterMilliseconds);
            api.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(acknowledged.Values.Sum(q => q.Count) > 0, "no message was acknowledged before the kill; the test proved nothing");
        await using var restarted = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
        using var reader = restarted.Client();
        foreach (var id in conversationIds)
        {
            var stored = await ReadAllMessagesAsync(reader, id);
            var positions = stored.Select(m => m.GetProperty("metadata").GetProperty("n").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, positions.Count).Select(i => (long)i), positions);

            var acks = acknowledged.GetValueOrDefault(id)?.ToList() ?? [];
            foreach (var (sequence, body) in acks)
            {
                Assert.Equal(body, stored[(int)sequence - 1].GetRawText());
            }

            using var conversation = await reader.GetAsync($"{Conversations}/{id}");
            var json = JsonDocument.Parse(await conversation.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(stored.Count, json.GetProperty("messageCount").GetInt64());
            Assert.Equal("Grüße 👋", json.GetProperty("context").GetProperty("text").GetString());
            if (stored.Count > 0)
            {
                Assert.Equal(stored[^1].GetProperty("createdAt").GetString(), json.GetProperty("lastMessageAt").GetString());
            }
        }
    }

    [Fact]
    public async Task A_restarted_server_returns_conversations_messages_surfaces_and_idempotent_replays_byte_identical()
    {
        await using var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        string conversationBefore, messagesBefore, listBefore, surfaceBefore, replayBefore, id;
        await using (var api = await ApiProcess.StartAsync(database.Provider, database.ConnectionString))
        {
            using var client = api.Client();
            using (var surface = await client.PutAsync("/v1/messaging/surfaces/email", new StringContent("""{"name":"Support mail","type":"email"}""", Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.OK, surface.StatusCode);
                surfaceBefore = await surface.Content.ReadAsStringAsync();
            }

            using var created = await Post(client, Conversations, """{"surfaceId":"email","subject":"Ünïcödé","participantEmail":"a@example.com","externalThreadId":"thr-1","timezone":"Europe/Berlin","participantMetadata":{"tier":"gold","tags":["a","b"]}}""");
            id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            for (var i = 0; i < 5; i++)
            {
                using var posted = await Post(client, $"{Conversations}/{id}/messages", $$"""{"content":"line {{i}}\nwith \"quotes\" and \\ slashes","role":"{{(i % 2 == 0 ? "user" : "assistant")}}","flowStepResultId":"step-{{i}}"}""");
                Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            }

            using (var keyed = await PostWithKey(client, $"{Conversations}/{id}/messages", """{"content":"exactly once","role":"user"}""", "restart-key-1"))
            {
                Assert.Equal(HttpStatusCode.Created, keyed.StatusCode);
                replayBefore = await keyed.Content.ReadAsStringAsync();
            }

            conversationBefore = await client.GetStringAsync($"{Conversations}/{id}");
            messagesBefore = await client.GetStringAsync($"{Conversations}/{id}/messages");
            listBefore = await client.GetStringAsync($"{Conversations}?surfaceId=email");
            api.Kill();
        }

        await using var restarted = await ApiProcess.StartAsync(database.Provider, database.ConnectionString);
        using var reader = restarted.Client();
        Assert.Equal(conversationBefore, await reader.GetStringAsync($"{Conversations}/{id}"));
        Assert.Equal(messagesBefore, await reader.GetStringAsync($"{Conversations}/{id}/messages"));
        Assert.Equal(listBefore, await reader.GetStringAsync($"{Conversations}?surfaceId=email"));
        Assert.Equal(surfaceBefore, await reader.GetStringAsync("/v1/messaging/surfaces/email"));
        Assert.Contains("Support mail", conversationBefore, StringComparison.Ordinal);

        // The idempotency record survived too: the retry replays the first answer and adds nothing.
        using var replay = await PostWithKey(reader, $"{Conversations}/{id}/messages", """{"content":"exactly once","role":"user"}""", "restart-key-1");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(replayBefore, await replay.Content.ReadAsStringAsync());
        Assert.Equal(messagesBefore, await reader.GetStringAsync($"{Conversations}/{id}/messages"));
    }

    private static async Task<HttpResponseMessage> PostWithKey(HttpClient client, string path, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<List<JsonElement>> ReadAllMessagesAsync(HttpClient client, string id)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"{Conversations}/{id}/messages?limit=100" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"))).RootElement;
            all.AddRange(page.GetProperty("data").EnumerateArray().Select(e => e.Clone()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return all;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
