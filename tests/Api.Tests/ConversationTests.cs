using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>Create, get, update and delete a conversation, with its defaults, ETags and thread uniqueness.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConversationTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;
    private const string Timestamp = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$";

    private static readonly string[] DetailedFields =
    [
        "id", "surfaceId", "status", "subject", "participantName", "participantEmail", "externalParticipantId",
        "externalThreadId", "timezone", "messageCount", "lastMessageAt", "createdAt", "updatedAt",
        "context", "participantMetadata", "autoCloseAfter", "autoArchiveAfter", "surface",
    ];

    [Fact]
    public async Task Create_answers_201_with_the_detailed_form_its_defaults_a_Location_and_an_ETag()
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, """{"surfaceId":"email"}""");
        var conversation = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal(DetailedFields.Order(StringComparer.Ordinal), conversation.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Matches("^conv_[0-9A-HJKMNP-TV-Z]{26}$", conversation.Id());
        Assert.Equal("email", conversation.GetProperty("surfaceId").GetString());
        Assert.Equal("open", conversation.GetProperty("status").GetString());
        foreach (var nullable in new[] { "subject", "participantName", "participantEmail", "externalParticipantId", "externalThreadId", "timezone", "lastMessageAt", "surface" })
        {
            Assert.Equal(JsonValueKind.Null, conversation.GetProperty(nullable).ValueKind);
        }

        Assert.Equal(0, conversation.GetProperty("messageCount").GetInt64());
        Assert.Equal("{}", conversation.GetProperty("context").GetRawText());
        Assert.Equal("{}", conversation.GetProperty("participantMetadata").GetRawText());
        Assert.Matches(Timestamp, conversation.GetProperty("createdAt").GetString());
        Assert.Equal(conversation.GetProperty("createdAt").GetString(), conversation.GetProperty("updatedAt").GetString());
        Assert.Equal($"/v1/messaging/conversations/{conversation.Id()}", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag.IsWeak);
    }

    [Fact]
    public async Task Every_field_given_on_create_comes_back_on_create_and_get()
    {
        using var client = factory.ClientFor();
        var thread = $"thread-{Guid.NewGuid():N}";
        var created = await client.CreateConversationAsync($$"""
            {
              "surfaceId": "sms", "status": "closed", "subject": "Billing question", "participantName": "Ada Lovelace",
              "participantEmail": "ada@example.com", "externalParticipantId": "+15550100", "externalThreadId": "{{thread}}",
              "timezone": "America/New_York", "context": {"plan": "pro", "seats": 3, "tags": ["a", "b"]},
              "participantMetadata": {"vip": true, "nested": {"level": 2} }
            }
            """);

        var fetched = await client.ReadJsonAsync($"{Conversations}/{created.Id()}");
        foreach (var conversation in new[] { created, fetched })
        {
            Assert.Equal("sms", conversation.GetProperty("surfaceId").GetString());
            Assert.Equal("closed", conversation.GetProperty("status").GetString());
            Assert.Equal("Billing question", conversation.GetProperty("subject").GetString());
            Assert.Equal("Ada Lovelace", conversation.GetProperty("participantName").GetString());
            Assert.Equal("ada@example.com", conversation.GetProperty("participantEmail").GetString());
            Assert.Equal("+15550100", conversation.GetProperty("externalParticipantId").GetString());
            Assert.Equal(thread, conversation.GetProperty("externalThreadId").GetString());
            Assert.Equal("America/New_York", conversation.GetProperty("timezone").GetString());
            Assert.True(JsonElement.DeepEquals(
                JsonDocument.Parse("""{"plan": "pro", "seats": 3, "tags": ["a", "b"]}""").RootElement, conversation.GetProperty("context")));
            Assert.True(JsonElement.DeepEquals(
                JsonDocument.Parse("""{"vip": true, "nested": {"level": 2}}""").RootElement, conversation.GetProperty("participantMetadata")));
        }

        Assert.Equal(created.GetRawText(), fetched.GetRawText());
    }

    [Fact]
    public async Task Get_of_an_unknown_conversation_is_a_404_problem()
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{Conversations}/conv_01JAAAAAAAAAAAAAAAAAAAAAAA");
        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_replaces_present_fields_clears_nulls_and_leaves_absent_fields_alone()
    {
        using var client = factory.ClientFor();
        var created = await client.CreateConversationAsync("""
            {"surfaceId":"email","subject":"Old","participantName":"Ada","timezone":"Europe/London","context":{"a":1}}
            """);

        using var response = await client.PutJsonAsync($"{Conversations}/{created.Id()}", """{"subject":"New","participantName":null,"context":{"b":2}}""");
        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("New", updated.GetProperty("subject").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("participantName").ValueKind);
        Assert.Equal("Europe/London", updated.GetProperty("timezone").GetString());
        Assert.Equal("email", updated.GetProperty("surfaceId").GetString());
        Assert.Equal("""{"b":2}""", updated.GetProperty("context").GetRawText());
        Assert.Equal(created.GetProperty("createdAt").GetString(), updated.GetProperty("createdAt").GetString());
        Assert.True(
            string.CompareOrdinal(updated.GetProperty("updatedAt").GetString(), created.GetProperty("updatedAt").GetString()) >= 0,
            "updatedAt went backwards");
        Assert.Equal(updated.GetRawText(), (await client.ReadJsonAsync($"{Conversations}/{created.Id()}")).GetRawText());
    }

    [Theory]
    [InlineData("open", "closed")]
    [InlineData("open", "archived")]
    [InlineData("closed", "open")]
    [InlineData("closed", "archived")]
    [InlineData("archived", "open")]
    [InlineData("archived", "closed")]
    public async Task Any_status_may_move_to_any_other_status(string from, string to)
    {
        using var client = factory.ClientFor();
        var created = await client.CreateConversationAsync($$"""{"surfaceId":"email","status":"{{from}}"}""");

        using var response = await client.PutJsonAsync($"{Conversations}/{created.Id()}", $$"""{"status":"{{to}}"}""");
        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(to, updated.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_of_an_unknown_conversation_is_a_404()
    {
        using var client = factory.ClientFor();
        using var response = await client.PutJsonAsync($"{Conversations}/conv_01JAAAAAAAAAAAAAAAAAAAAAAA", """{"subject":"x"}""");
        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_answers_success_and_the_conversation_is_gone_everywhere()
    {
        var surface = $"del-{Guid.NewGuid():N}";
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        await client.CreateMessageAsync(conversation.Id());
        var path = $"{Conversations}/{conversation.Id()}";

        using (var delete = await client.DeleteAsync(path))
        {
            var body = await delete.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("""{"success":true}""", body.GetRawText());
        }

        using (var get = await client.GetAsync(path))
        {
            await get.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var messages = await client.GetAsync($"{path}/messages"))
        {
            await messages.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var post = await client.PostJsonAsync($"{path}/messages", """{"content":"late","role":"user"}"""))
        {
            await post.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var put = await client.PutJsonAsync(path, """{"subject":"late"}"""))
        {
            await put.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        using (var again = await client.DeleteAsync(path))
        {
            await again.ExpectProblemAsync(HttpStatusCode.NotFound);
        }

        var list = await client.ReadJsonAsync($"{Conversations}?surfaceId={surface}");
        Assert.Empty(list.GetProperty("data").EnumerateArray());
        Assert.Equal(0, list.GetProperty("pagination").GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task A_second_conversation_on_the_same_surface_and_thread_is_a_409_naming_the_first()
    {
        var thread = $"<{Guid.NewGuid():N}@mail.example.com>";
        using var client = factory.ClientFor();
        var first = await client.CreateConversationAsync($$"""{"surfaceId":"email","externalThreadId":"{{thread}}"}""");

        using var response = await client.PostJsonAsync(Conversations, $$"""{"surfaceId":"email","externalThreadId":"{{thread}}","subject":"dup"}""");
        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(first.Id(), problem.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task The_same_thread_on_another_surface_is_another_conversation()
    {
        var thread = $"thread-{Guid.NewGuid():N}";
        using var client = factory.ClientFor();
        var email = await client.CreateConversationAsync($$"""{"surfaceId":"email","externalThreadId":"{{thread}}"}""");
        var sms = await client.CreateConversationAsync($$"""{"surfaceId":"sms","externalThreadId":"{{thread}}"}""");
        Assert.NotEqual(email.Id(), sms.Id());
    }

    [Fact]
    public async Task Moving_a_conversation_onto_a_thread_another_one_holds_is_a_409_and_changes_nothing()
    {
        var thread = $"thread-{Guid.NewGuid():N}";
        using var client = factory.ClientFor();
        var holder = await client.CreateConversationAsync($$"""{"surfaceId":"email","externalThreadId":"{{thread}}"}""");
        var other = await client.CreateConversationAsync("""{"surfaceId":"email","subject":"other"}""");

        using var response = await client.PutJsonAsync($"{Conversations}/{other.Id()}", $$"""{"externalThreadId":"{{thread}}","subject":"changed"}""");
        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(holder.Id(), problem.GetProperty("conversationId").GetString());
        var unchanged = await client.ReadJsonAsync($"{Conversations}/{other.Id()}");
        Assert.Equal("other", unchanged.GetProperty("subject").GetString());
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("externalThreadId").ValueKind);
    }

    [Fact]
    public async Task A_deleted_conversations_thread_is_free_again()
    {
        var thread = $"thread-{Guid.NewGuid():N}";
        using var client = factory.ClientFor();
        var first = await client.CreateConversationAsync($$"""{"surfaceId":"email","externalThreadId":"{{thread}}"}""");
        using (var delete = await client.DeleteAsync($"{Conversations}/{first.Id()}"))
        {
            await delete.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var second = await client.CreateConversationAsync($$"""{"surfaceId":"email","externalThreadId":"{{thread}}"}""");
        Assert.NotEqual(first.Id(), second.Id());
    }

    [Fact]
    public async Task Unknown_body_properties_are_ignored()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync("""{"surfaceId":"email","futureField":{"x":1},"anotherOne":[1,2]}""");
        Assert.False(conversation.TryGetProperty("futureField", out _));
    }

    [Fact]
    public async Task Every_write_changes_the_ETag_and_get_returns_the_current_one()
    {
        using var client = factory.ClientFor();
        using var created = await client.PostJsonAsync(Conversations, """{"surfaceId":"email"}""");
        var id = (await created.ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var tags = new List<string> { created.Headers.ETag!.Tag };

        using (var updated = await client.PutJsonAsync($"{Conversations}/{id}", """{"subject":"one"}"""))
        {
            await updated.ExpectJsonAsync(HttpStatusCode.OK);
            tags.Add(updated.Headers.ETag!.Tag);
        }

        await client.CreateMessageAsync(id);
        using (var get = await client.GetAsync($"{Conversations}/{id}"))
        {
            await get.ExpectJsonAsync(HttpStatusCode.OK);
            tags.Add(get.Headers.ETag!.Tag);
        }

        Assert.Equal(tags.Count, tags.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Update_with_the_current_ETag_in_If_Match_succeeds_and_a_stale_one_is_a_412()
    {
        using var client = factory.ClientFor();
        using var created = await client.PostJsonAsync(Conversations, """{"surfaceId":"email","subject":"v1"}""");
        var id = (await created.ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var first = created.Headers.ETag!.Tag;

        using (var ok = await client.PutJsonAsync($"{Conversations}/{id}", """{"subject":"v2"}""", r => r.Headers.TryAddWithoutValidation("If-Match", first)))
        {
            await ok.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.NotEqual(first, ok.Headers.ETag!.Tag);
        }

        using (var stale = await client.PutJsonAsync($"{Conversations}/{id}", """{"subject":"v3"}""", r => r.Headers.TryAddWithoutValidation("If-Match", first)))
        {
            await stale.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        }

        Assert.Equal("v2", (await client.ReadJsonAsync($"{Conversations}/{id}")).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task If_Match_star_or_a_list_containing_the_current_tag_passes()
    {
        using var client = factory.ClientFor();
        using var created = await client.PostJsonAsync(Conversations, """{"surfaceId":"email"}""");
        var id = (await created.ExpectJsonAsync(HttpStatusCode.Created)).Id();

        using (var star = await client.PutJsonAsync($"{Conversations}/{id}", """{"subject":"a"}""", r => r.Headers.TryAddWithoutValidation("If-Match", "*")))
        {
            await star.ExpectJsonAsync(HttpStatusCode.OK);
            var current = star.Headers.ETag!.Tag;
            using var listed = await client.PutJsonAsync($"{Conversations}/{id}", """{"subject":"b"}""", r => r.Headers.TryAddWithoutValidation("If-Match", $"\"999999\", {current}"));
            await listed.ExpectJsonAsync(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"not-a-version\"")]
    [InlineData("garbage without quotes")]
    public async Task An_If_Match_that_cannot_be_the_current_tag_is_a_412(string ifMatch)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();

        using var response = await client.PutJsonAsync($"{Conversations}/{conversation.Id()}", """{"subject":"x"}""", r => r.Headers.TryAddWithoutValidation("If-Match", ifMatch));
        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Delete_with_a_stale_If_Match_is_a_412_and_deletes_nothing()
    {
        using var client = factory.ClientFor();
        using var created = await client.PostJsonAsync(Conversations, """{"surfaceId":"email"}""");
        var id = (await created.ExpectJsonAsync(HttpStatusCode.Created)).Id();
        var stale = created.Headers.ETag!.Tag;
        await client.CreateMessageAsync(id);

        using (var refused = await client.SendAsync(WithIfMatch(HttpMethod.Delete, $"{Conversations}/{id}", stale)))
        {
            await refused.ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        }

        using var get = await client.GetAsync($"{Conversations}/{id}");
        await get.ExpectJsonAsync(HttpStatusCode.OK);
        using var deleted = await client.SendAsync(WithIfMatch(HttpMethod.Delete, $"{Conversations}/{id}", get.Headers.ETag!.Tag));
        await deleted.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string path, string tag)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("If-Match", tag);
        return request;
    }
}
