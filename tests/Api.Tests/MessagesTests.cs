using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>The rules a conversation enforces on its messages: order, direction, dedupe, status and counters.</summary>
[Collection(ApiCollection.Name)]
public sealed class MessagesTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    [Theory]
    [InlineData("user", "inbound")]
    [InlineData("assistant", "outbound")]
    [InlineData("system", "outbound")]
    public async Task Direction_defaults_from_the_role(string role, string direction)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var message = await client.CreateMessageAsync(conversation.Id(), $$"""{"content":"hi","role":"{{role}}"}""");
        Assert.Equal(direction, message.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task An_explicit_direction_is_kept_whatever_the_role()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var message = await client.CreateMessageAsync(conversation.Id(), """{"content":"hi","role":"user","direction":"outbound"}""");
        Assert.Equal("outbound", message.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Every_optional_field_round_trips_on_create_and_list()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var created = await client.CreateMessageAsync(conversation.Id(), """
            {"content":"Ünïcödé 🎉 \"quoted\"\nnext line","role":"assistant","direction":"inbound",
             "externalMessageId":"<abc@mail.example.com>","flowStepResultId":"step_42",
             "metadata":{"channel":"email","scores":[1,2.5,null],"deep":{"ok":true}}}
            """);

        var listed = (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages")).GetProperty("data")[0];
        foreach (var message in new[] { created, listed })
        {
            Assert.Equal("Ünïcödé 🎉 \"quoted\"\nnext line", message.GetProperty("content").GetString());
            Assert.Equal("assistant", message.GetProperty("role").GetString());
            Assert.Equal("inbound", message.GetProperty("direction").GetString());
            Assert.Equal("<abc@mail.example.com>", message.GetProperty("externalMessageId").GetString());
            Assert.Equal("step_42", message.GetProperty("flowStepResultId").GetString());
            Assert.True(JsonElement.DeepEquals(
                JsonDocument.Parse("""{"channel":"email","scores":[1,2.5,null],"deep":{"ok":true}}""").RootElement,
                message.GetProperty("metadata")));
        }

        Assert.Equal(created.GetRawText(), listed.GetRawText());

        // Listing writes messages itself; without optional fields the nulls and defaults must match too.
        var bare = await client.CreateMessageAsync(conversation.Id(), """{"content":"<b>&'x'</b>","role":"user"}""");
        var bareListed = (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages?order=desc&limit=1")).GetProperty("data")[0];
        Assert.Equal(bare.GetRawText(), bareListed.GetRawText());
        Assert.Matches("^msg_[0-9A-HJKMNP-TV-Z]{26}$", created.Id());
        Assert.Equal(conversation.Id(), created.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task A_repeated_externalMessageId_answers_200_with_the_first_message_and_stores_nothing()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var first = await client.CreateMessageAsync(conversation.Id(), """{"content":"first","role":"user","externalMessageId":"sms-1"}""");

        using var again = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", """{"content":"second","role":"assistant","externalMessageId":"sms-1"}""");
        var replayed = await again.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.GetRawText(), replayed.GetRawText());
        var after = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}");
        Assert.Equal(1, after.GetProperty("messageCount").GetInt64());
        var list = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages");
        Assert.Equal(1, list.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task The_same_externalMessageId_in_another_conversation_is_a_new_message()
    {
        using var client = factory.ClientFor();
        var one = await client.CreateConversationAsync();
        var two = await client.CreateConversationAsync();
        var a = await client.CreateMessageAsync(one.Id(), """{"content":"a","role":"user","externalMessageId":"shared"}""");
        var b = await client.CreateMessageAsync(two.Id(), """{"content":"b","role":"user","externalMessageId":"shared"}""");
        Assert.NotEqual(a.Id(), b.Id());
    }

    [Fact]
    public async Task Posting_to_an_archived_conversation_is_a_409_and_stores_nothing()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync("""{"surfaceId":"email","status":"archived"}""");

        using var response = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", """{"content":"hi","role":"user"}""");
        await response.ExpectProblemAsync(HttpStatusCode.Conflict);

        var after = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}");
        Assert.Equal(0, after.GetProperty("messageCount").GetInt64());
        Assert.Equal("archived", after.GetProperty("status").GetString());
        Assert.Equal(conversation.GetProperty("updatedAt").GetString(), after.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task Posting_to_a_closed_conversation_is_accepted_and_reopens_it()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync("""{"surfaceId":"email","status":"closed"}""");

        await client.CreateMessageAsync(conversation.Id());

        var after = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}");
        Assert.Equal("open", after.GetProperty("status").GetString());
        Assert.Equal(1, after.GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task Each_message_adds_one_to_messageCount_and_sets_lastMessageAt_and_updatedAt()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        for (var i = 1; i <= 3; i++)
        {
            var message = await client.CreateMessageAsync(conversation.Id(), $$"""{"content":"m{{i}}","role":"user"}""");
            var after = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}");
            Assert.Equal(i, after.GetProperty("messageCount").GetInt64());
            Assert.Equal(message.GetProperty("createdAt").GetString(), after.GetProperty("lastMessageAt").GetString());
            Assert.Equal(message.GetProperty("createdAt").GetString(), after.GetProperty("updatedAt").GetString());
        }
    }

    [Fact]
    public async Task Asc_lists_in_acceptance_order_with_createdAt_never_decreasing_and_desc_reverses_it()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var posted = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            posted.Add((await client.CreateMessageAsync(conversation.Id(), $$"""{"content":"m{{i}}","role":"user"}""")).Id());
        }

        var asc = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages");
        var explicitAsc = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages?order=asc");
        var desc = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages?order=desc");

        Assert.Equal(posted, Ids(asc));
        Assert.Equal(posted, Ids(explicitAsc));
        Assert.Equal(Enumerable.Reverse(posted), Ids(desc));
        var times = asc.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("createdAt").GetString()!).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
    }

    [Fact]
    public async Task Limit_caps_the_page_and_totalCount_counts_the_whole_conversation()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.CreateMessageAsync(conversation.Id(), $$"""{"content":"m{{i}}","role":"user"}""");
        }

        var page = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages?limit=2");

        Assert.Equal(2, page.GetProperty("data").GetArrayLength());
        Assert.Equal(5, page.GetProperty("totalCount").GetInt64());
        Assert.Equal(JsonValueKind.String, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task The_default_page_is_100_messages()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        await Task.WhenAll(Enumerable.Range(0, 101).Select(i => client.CreateMessageAsync(conversation.Id(), $$"""{"content":"m{{i}}","role":"user"}""")));

        var page = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages");

        Assert.Equal(100, page.GetProperty("data").GetArrayLength());
        Assert.Equal(101, page.GetProperty("totalCount").GetInt64());
        Assert.Equal(JsonValueKind.String, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("asc")]
    [InlineData("desc")]
    public async Task Following_nextCursor_visits_every_message_once_in_order(string order)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var posted = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            posted.Add((await client.CreateMessageAsync(conversation.Id(), $$"""{"content":"m{{i}}","role":"user"}""")).Id());
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages?limit=3&order={order}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(Ids(page));
            Assert.Equal(10, page.GetProperty("totalCount").GetInt64());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(order == "asc" ? posted : Enumerable.Reverse(posted), seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task A_cursor_from_another_conversation_or_the_other_order_is_a_400()
    {
        using var client = factory.ClientFor();
        var one = await client.CreateConversationAsync();
        var two = await client.CreateConversationAsync();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateMessageAsync(one.Id());
            await client.CreateMessageAsync(two.Id());
        }

        var cursor = Uri.EscapeDataString((await client.ReadJsonAsync($"{Conversations}/{one.Id()}/messages?limit=1")).GetProperty("nextCursor").GetString()!);

        using (var elsewhere = await client.GetAsync($"{Conversations}/{two.Id()}/messages?limit=1&cursor={cursor}"))
        {
            await elsewhere.ExpectValidationErrorsAsync("cursor");
        }

        using (var reversed = await client.GetAsync($"{Conversations}/{one.Id()}/messages?limit=1&order=desc&cursor={cursor}"))
        {
            await reversed.ExpectValidationErrorsAsync("cursor");
        }

        using var sameAgain = await client.GetAsync($"{Conversations}/{one.Id()}/messages?limit=1&cursor={cursor}");
        await sameAgain.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Messages_of_an_unknown_conversation_are_a_404_to_read_and_to_post()
    {
        using var client = factory.ClientFor();
        const string unknown = $"{Conversations}/conv_01JAAAAAAAAAAAAAAAAAAAAAAA/messages";
        using (var get = await client.GetAsync(unknown))
        {
            await get.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using var post = await client.PostJsonAsync(unknown, """{"content":"hi","role":"user"}""");
        await post.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concurrent_posts_to_one_conversation_are_all_kept_once_each_in_one_order()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            client.CreateMessageAsync(conversation.Id(), $$"""{"content":"parallel {{i}}","role":"user"}""")));

        var list = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages");
        var listed = Ids(list);
        Assert.Equal(40, created.Select(m => m.Id()).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(created.Select(m => m.Id()).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(40, list.GetProperty("totalCount").GetInt64());
        Assert.Equal(40, (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}")).GetProperty("messageCount").GetInt64());
        var times = list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("createdAt").GetString()!).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
    }

    [Fact]
    public async Task Concurrent_posts_with_one_externalMessageId_store_exactly_one_message()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", $$"""{"content":"copy {{i}}","role":"user","externalMessageId":"gateway-7"}""")));
        var bodies = new List<JsonElement>();
        foreach (var response in responses)
        {
            using (response)
            {
                bodies.Add(await response.ExpectJsonAsync(response.StatusCode == HttpStatusCode.Created ? HttpStatusCode.Created : HttpStatusCode.OK));
            }
        }

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Single(bodies.Select(b => b.Id()).Distinct(StringComparer.Ordinal));
        Assert.Equal(1, (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}")).GetProperty("messageCount").GetInt64());
    }

    private static List<string> Ids(JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(m => m.Id())];
}
