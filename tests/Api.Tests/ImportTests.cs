using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;

namespace Runtype.Api.Tests;

/// <summary>POST .../messages/import through the real pipeline: order, createdAt rules, all or nothing, dedupe, status, the event, retries.</summary>
[Collection(ApiCollection.Name)]
public sealed class ImportTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    [Fact]
    public async Task An_import_keeps_each_createdAt_to_the_millisecond_the_batch_order_and_the_counts()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();

        var answer = await ImportOkAsync(client, id,
            Msg("first", "2024-01-01T10:00:00.123456Z", externalId: "ext-1"),
            Msg("second", "2024-01-01T12:00:00.1234+02:00", role: "assistant"),
            Msg("third", "2024-01-01T10:00:00.999Z", direction: "outbound", metadata: new { source = "mbox" }));

        Assert.Equal(3, answer.GetProperty("imported").GetInt32());
        Assert.Empty(answer.GetProperty("skipped").EnumerateArray());
        Assert.Equal(3, answer.GetProperty("messageCount").GetInt64());
        var messages = (await client.ReadJsonAsync($"{Conversations}/{id}/messages")).GetProperty("data");
        Assert.Equal(["first", "second", "third"], messages.EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(["2024-01-01T10:00:00.123Z", "2024-01-01T10:00:00.123Z", "2024-01-01T10:00:00.999Z"],
            messages.EnumerateArray().Select(m => m.GetProperty("createdAt").GetString()));
        Assert.Equal(["inbound", "outbound", "outbound"], messages.EnumerateArray().Select(m => m.GetProperty("direction").GetString()));
        Assert.Equal("mbox", messages[2].GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal("ext-1", messages[0].GetProperty("externalMessageId").GetString());
        var conversation = await client.ReadJsonAsync($"{Conversations}/{id}");
        Assert.Equal(3, conversation.GetProperty("messageCount").GetInt64());
        Assert.Equal("2024-01-01T10:00:00.999Z", conversation.GetProperty("lastMessageAt").GetString());
    }

    [Fact]
    public async Task A_live_post_after_an_import_lands_after_the_imported_messages()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        await ImportOkAsync(client, id, Msg("old 1", "2023-05-01T08:00:00Z"), Msg("old 2", "2023-05-02T08:00:00Z"));

        var live = await client.CreateMessageAsync(id, """{"content":"live","role":"user"}""");

        var messages = (await client.ReadJsonAsync($"{Conversations}/{id}/messages")).GetProperty("data");
        Assert.Equal(["old 1", "old 2", "live"], messages.EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.True(DateTimeOffset.Parse(live.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > new DateTimeOffset(2023, 5, 2, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(3, (await client.ReadJsonAsync($"{Conversations}/{id}")).GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task Every_bad_field_is_named_with_its_index_and_nothing_is_written()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        var body = """
            {"messages":[
              {"content":"fine","role":"user","createdAt":"2024-01-01T00:00:00Z"},
              {"content":"","role":"robot","createdAt":"2024-01-01T00:00:01Z"},
              {"content":"no time","role":"user"},
              {"content":"bad time","role":"user","createdAt":"yesterday","metadata":"{}"},
              "not an object",
              {"content":"no zone","role":"user","createdAt":"2024-01-01T00:00:05"}
            ]}
            """;

        using var response = await client.PostJsonAsync($"{Conversations}/{id}/messages/import", body);

        var errors = (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(
            ["messages[1].content", "messages[1].role", "messages[2].createdAt", "messages[3].createdAt", "messages[3].metadata", "messages[4]", "messages[5].createdAt"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await AssertEmptyAsync(client, id);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"messages":null}""")]
    [InlineData("""{"messages":{}}""")]
    [InlineData("""{"messages":[]}""")]
    public async Task The_batch_must_be_an_array_of_1_to_1000_messages(string body)
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();

        using var response = await client.PostJsonAsync($"{Conversations}/{id}/messages/import", body);

        var errors = (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("messages", out _));
    }

    [Fact]
    public async Task A_batch_of_1001_messages_is_refused_and_one_of_1000_is_imported()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        var start = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Dictionary<string, object?>[] Batch(int n) => [.. Enumerable.Range(0, n).Select(i => Msg($"m{i}", start.AddSeconds(i).ToString("O", System.Globalization.CultureInfo.InvariantCulture)))];

        using var tooMany = await PostImportAsync(client, id, Batch(1001));
        Assert.True((await tooMany.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("messages", out _));
        await AssertEmptyAsync(client, id);

        var answer = await ImportOkAsync(client, id, Batch(1000));
        Assert.Equal(1000, answer.GetProperty("imported").GetInt32());
        var last = (await client.ReadJsonAsync($"{Conversations}/{id}/messages?order=desc&limit=1")).GetProperty("data")[0];
        Assert.Equal("m999", last.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Messages_whose_externalMessageId_is_stored_or_earlier_in_the_batch_are_skipped_in_batch_order()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        await ImportOkAsync(client, id, Msg("a", "2024-02-01T00:00:00Z", externalId: "a"), Msg("b", "2024-02-02T00:00:00Z", externalId: "b"));

        var answer = await ImportOkAsync(client, id,
            Msg("b again", "2024-02-02T00:00:00Z", externalId: "b"),
            Msg("c", "2024-02-03T00:00:00Z", externalId: "c"),
            Msg("c again", "2024-02-03T00:00:00Z", externalId: "c"),
            Msg("no id", "2024-02-04T00:00:00Z"),
            Msg("d", "2024-02-05T00:00:00Z", externalId: "d"));

        Assert.Equal(3, answer.GetProperty("imported").GetInt32());
        Assert.Equal(["b", "c"], answer.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(5, answer.GetProperty("messageCount").GetInt64());
        var messages = (await client.ReadJsonAsync($"{Conversations}/{id}/messages")).GetProperty("data");
        Assert.Equal(["a", "b", "c", "no id", "d"], messages.EnumerateArray().Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Re_running_an_import_skips_what_it_stored_although_those_messages_are_older_than_the_last_one()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        var live = await client.CreateMessageAsync(id, """{"content":"live","role":"user","externalMessageId":"live-1"}""");
        var liveAt = live.GetProperty("createdAt").GetDateTime().ToUniversalTime();
        // Dated just after the live message (the milliseconds Iso keeps), so not too early for the conversation; the
        // host runs in this process on this clock: once it has passed y, neither is in the future.
        var (x, y) = (liveAt.AddMilliseconds(1), liveAt.AddMilliseconds(2));
        var batch = new[] { Msg("x", Iso(x), externalId: "x"), Msg("y", Iso(y), externalId: "y") };
        while (DateTime.UtcNow <= y)
        {
            await Task.Yield();
        }

        await ImportOkAsync(client, id, batch);

        var again = await ImportOkAsync(client, id, [Msg("live again", Iso(liveAt.AddSeconds(-1)), externalId: "live-1"), .. batch, Msg("z", Iso(y), externalId: "z")]);

        Assert.Equal(1, again.GetProperty("imported").GetInt32());
        Assert.Equal(["live-1", "x", "y"], again.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(4, again.GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task An_import_that_skips_everything_writes_nothing_and_answers_200()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        await ImportOkAsync(client, id, Msg("a", "2024-02-01T00:00:00Z", externalId: "a"));
        var etag = await ETagAsync(client, id);

        var answer = await ImportOkAsync(client, id, Msg("a", "2024-02-01T00:00:00Z", externalId: "a"));

        Assert.Equal(0, answer.GetProperty("imported").GetInt32());
        Assert.Equal(["a"], answer.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(etag, await ETagAsync(client, id));
        Assert.Single((await EventsAsync(client, id, "messages.imported")).EnumerateArray());
    }

    [Fact]
    public async Task createdAt_must_not_decrease_along_the_batch()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();

        using var response = await PostImportAsync(client, id, Msg("a", "2024-01-02T00:00:00Z"), Msg("b", "2024-01-01T23:59:59.999Z"), Msg("c", "2024-01-02T00:00:00Z"));

        var errors = (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["messages[1].createdAt"], errors.EnumerateObject().Select(p => p.Name));
        await AssertEmptyAsync(client, id);
    }

    [Fact]
    public async Task createdAt_earlier_than_the_conversations_last_message_is_refused_naming_the_index()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        await ImportOkAsync(client, id, Msg("last", "2024-03-02T00:00:00Z"));

        using var response = await PostImportAsync(client, id, Msg("too early", "2024-03-01T00:00:00Z"), Msg("same time", "2024-03-02T00:00:00Z"));

        var errors = (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["messages[0].createdAt"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, (await client.ReadJsonAsync($"{Conversations}/{id}")).GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task createdAt_later_than_the_servers_now_is_refused_naming_the_index()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();

        using var response = await PostImportAsync(client, id, Msg("fine", "2024-03-01T00:00:00Z"), Msg("future", Iso(DateTime.UtcNow.AddHours(1))));

        var errors = (await response.ExpectProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["messages[1].createdAt"], errors.EnumerateObject().Select(p => p.Name));
        await AssertEmptyAsync(client, id);
    }

    [Fact]
    public async Task An_archived_conversation_refuses_an_import_with_409()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync("""{"surfaceId":"email","status":"archived"}""")).Id();

        using var response = await PostImportAsync(client, id, Msg("a", "2024-01-01T00:00:00Z"));

        await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        await AssertEmptyAsync(client, id);
    }

    [Fact]
    public async Task An_import_into_a_closed_conversation_keeps_it_closed_and_moves_the_version_by_one()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync("""{"surfaceId":"email","status":"closed"}""")).Id();
        var before = await ETagAsync(client, id);

        await ImportOkAsync(client, id, Msg("a", "2024-01-01T00:00:00Z"), Msg("b", "2024-01-01T00:00:01Z"));

        var conversation = await client.ReadJsonAsync($"{Conversations}/{id}");
        Assert.Equal("closed", conversation.GetProperty("status").GetString());
        Assert.Equal(2, conversation.GetProperty("messageCount").GetInt64());
        Assert.Equal(long.Parse(before.Trim('"'), System.Globalization.CultureInfo.InvariantCulture) + 1,
            long.Parse((await ETagAsync(client, id)).Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_unknown_or_another_owners_conversation_is_404()
    {
        using var owner = factory.ClientFor();
        using var other = factory.ClientFor(ApiFactory.OwnerBKey);
        var id = (await owner.CreateConversationAsync()).Id();

        using var unknown = await PostImportAsync(owner, Identifiers.NewConversationId(), Msg("a", "2024-01-01T00:00:00Z"));
        using var foreign = await PostImportAsync(other, id, Msg("a", "2024-01-01T00:00:00Z"));

        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound);
        await foreign.ExpectProblemAsync(HttpStatusCode.NotFound);
        await AssertEmptyAsync(owner, id);
    }

    [Fact]
    public async Task One_messages_imported_event_records_the_batch_with_its_positions()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        await client.CreateMessageAsync(id);
        await client.CreateMessageAsync(id);
        await Task.Delay(5);
        var now = DateTime.UtcNow;

        await ImportOkAsync(client, id, Msg("a", Iso(now), externalId: "a"), Msg("a", Iso(now), externalId: "a"), Msg("b", Iso(now)), Msg("c", Iso(now)));

        var all = await EventsAsync(client, id, null);
        Assert.Equal(["conversation.created", "message.created", "message.created", "messages.imported"], all.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var data = all[3].GetProperty("data");
        Assert.Equal(["conversationId", "imported", "firstPosition", "lastPosition"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, data.GetProperty("conversationId").GetString());
        Assert.Equal(3, data.GetProperty("imported").GetInt32());
        Assert.Equal(3, data.GetProperty("firstPosition").GetInt64());
        Assert.Equal(5, data.GetProperty("lastPosition").GetInt64());
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_imports_once()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        var key = Guid.NewGuid().ToString();
        var body = ImportJson(Msg("a", "2024-01-01T00:00:00Z"), Msg("b", "2024-01-01T00:00:01Z", externalId: "b"));

        using var first = await client.PostJsonAsync($"{Conversations}/{id}/messages/import", body, r => r.Headers.Add("Idempotency-Key", key));
        using var second = await client.PostJsonAsync($"{Conversations}/{id}/messages/import", body, r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal((await first.ExpectJsonAsync(HttpStatusCode.OK)).GetRawText(), (await second.ExpectJsonAsync(HttpStatusCode.OK)).GetRawText());
        Assert.Equal(2, (await client.ReadJsonAsync($"{Conversations}/{id}")).GetProperty("messageCount").GetInt64());
    }

    /// <summary>
    /// The key's stored answer is released after a 5xx (an unknown outcome); the retry then runs again under the ids
    /// the first attempt reserved, and must find the messages that attempt committed instead of importing them twice
    /// (those without an externalMessageId would otherwise be duplicated).
    /// </summary>
    [Fact]
    public async Task A_retry_under_the_reserved_ids_of_an_import_that_committed_answers_what_it_imported()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();
        var grain = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IConversationGrain>(GrainKeys.Compose("owner-a", id));
        var reserved = Identifiers.NewUlid();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var batch = new (string Content, string? External)[] { ("a", null), ("b", "b"), ("b again", "b"), ("c", null) }
            .Select((m, i) => new HistoricMessage(
                new NewMessage { Content = m.Content, Role = MessageRole.User, ExternalMessageId = m.External, Id = Identifiers.MessageIdAt(reserved, i) },
                start.AddMinutes(i)))
            .ToList();

        var first = await grain.ImportMessages(batch);
        var retry = await grain.ImportMessages(batch);

        Assert.Equal((ImportOutcome.Imported, 3, 3L), (first.Outcome, first.Imported, first.MessageCount));
        Assert.Equal((ImportOutcome.Imported, 3, 3L), (retry.Outcome, retry.Imported, retry.MessageCount));
        Assert.Equal(["b"], retry.Skipped!);
        var messages = (await client.ReadJsonAsync($"{Conversations}/{id}/messages")).GetProperty("data");
        Assert.Equal(["a", "b", "c"], messages.EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(Identifiers.MessageIdAt(reserved, 3), messages[2].Id());
    }

    [Fact]
    public async Task Live_posts_and_imports_racing_on_one_conversation_leave_positions_1_to_N_without_gaps_or_duplicates()
    {
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).Id();

        // An import dated "now" may reach the grain after a live post dated later: then it is refused whole (400).
        var posts = Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await client.PostJsonAsync($"{Conversations}/{id}/messages", $$"""{"content":"live {{i}}","role":"user"}""");
            await response.ExpectJsonAsync(HttpStatusCode.Created);
            return 1;
        });
        var imports = Enumerable.Range(0, 10).Select(async i =>
        {
            var at = Iso(DateTime.UtcNow.AddMilliseconds(-1));
            using var response = await PostImportAsync(client, id, [.. Enumerable.Range(0, 5).Select(k => Msg($"import {i}.{k}", at))]);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                return 0;
            }

            return (await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("imported").GetInt32();
        });
        var total = (await Task.WhenAll(posts.Concat(imports))).Sum();

        var page = await client.ReadJsonAsync($"{Conversations}/{id}/messages?limit=100");
        var contents = page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("content").GetString()!).ToList();
        Assert.Equal(total, contents.Count);
        Assert.Equal(total, contents.Distinct().Count());
        Assert.Equal(total, page.GetProperty("totalCount").GetInt64());
        Assert.Equal(total, (await client.ReadJsonAsync($"{Conversations}/{id}")).GetProperty("messageCount").GetInt64());
        // Imported batches stay contiguous, in their order.
        foreach (var batch in contents.Where(c => c.StartsWith("import", StringComparison.Ordinal)).GroupBy(c => c.Split('.')[0]))
        {
            var first = contents.IndexOf(batch.First());
            Assert.Equal(Enumerable.Range(0, 5).Select(k => $"{batch.Key}.{k}"), contents.Skip(first).Take(5));
        }
    }

    private static Dictionary<string, object?> Msg(string content, string createdAt, string role = "user", string? externalId = null, string? direction = null, object? metadata = null) =>
        new Dictionary<string, object?>
        {
            ["content"] = content, ["role"] = role, ["createdAt"] = createdAt, ["externalMessageId"] = externalId, ["direction"] = direction, ["metadata"] = metadata,
        }.Where(p => p.Value is not null).ToDictionary();

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string ImportJson(params Dictionary<string, object?>[] messages) => JsonSerializer.Serialize(new { messages });

    private static Task<HttpResponseMessage> PostImportAsync(HttpClient client, string id, params Dictionary<string, object?>[] messages) =>
        client.PostJsonAsync($"{Conversations}/{id}/messages/import", ImportJson(messages));

    private static async Task<JsonElement> ImportOkAsync(HttpClient client, string id, params Dictionary<string, object?>[] messages)
    {
        using var response = await PostImportAsync(client, id, messages);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static async Task AssertEmptyAsync(HttpClient client, string id)
    {
        var conversation = await client.ReadJsonAsync($"{Conversations}/{id}");
        Assert.Equal(0, conversation.GetProperty("messageCount").GetInt64());
        Assert.Empty((await client.ReadJsonAsync($"{Conversations}/{id}/messages")).GetProperty("data").EnumerateArray());
        Assert.DoesNotContain((await EventsAsync(client, id, null)).EnumerateArray(), e => e.GetProperty("type").GetString() == "messages.imported");
    }

    private static async Task<string> ETagAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"{Conversations}/{id}");
        await response.ExpectJsonAsync(HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }

    private static async Task<JsonElement> EventsAsync(HttpClient client, string id, string? types) =>
        (await client.ReadJsonAsync($"/v1/messaging/events?conversationId={id}" + (types is null ? "" : $"&types={types}"))).GetProperty("data");
}
