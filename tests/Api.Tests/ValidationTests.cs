using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Runtype.Api.Tests;

/// <summary>Every shape rule of the contract, through the real pipeline: bad input is a 4xx naming each bad field.</summary>
[Collection(ApiCollection.Name)]
public sealed class ValidationTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    [Theory]
    [InlineData("{\"surfaceId\":")]
    [InlineData("{'surfaceId':'email'}")]
    [InlineData("{\"surfaceId\":\"email\",}")]
    [InlineData("{\"surfaceId\":\"email\"} trailing")]
    [InlineData("{\"surfaceId\":\"email\",\"surfaceId\":\"sms\"}")]
    [InlineData("")]
    public async Task A_body_that_is_not_one_JSON_object_is_a_400_naming_the_body(string body)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, body);
        var problem = await response.ExpectValidationErrorsAsync("body");
        Assert.DoesNotContain(" at ", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"surfaceId\":\"email\"}]")]
    [InlineData("\"email\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task A_JSON_body_that_is_not_an_object_is_a_400(string body)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, body);
        await response.ExpectValidationErrorsAsync("body");
    }

    [Fact]
    public async Task Invalid_UTF8_in_the_body_is_a_400()
    {
        using var client = factory.ClientFor();
        using var content = new ByteArrayContent([.. "{\"surfaceId\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(Conversations, content);
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_conversation_without_surfaceId_is_a_400_naming_it()
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, """{"subject":"no surface"}""");
        await response.ExpectValidationErrorsAsync("surfaceId");
    }

    [Fact]
    public async Task Create_message_without_content_and_role_names_both()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", "{}");
        await response.ExpectValidationErrorsAsync("content", "role");
    }

    /// <summary>Each text field of a conversation: the longest valid value passes, one more character fails.</summary>
    public static TheoryData<string, int, int> ConversationTextFields => new()
    {
        { "surfaceId", 1, 255 },
        { "subject", 0, 500 },
        { "participantName", 0, 255 },
        { "externalParticipantId", 1, 500 },
        { "externalThreadId", 1, 500 },
    };

    [Theory, MemberData(nameof(ConversationTextFields))]
    public async Task Conversation_text_fields_accept_their_maximum_length_and_reject_one_more(string field, int min, int max)
    {
        _ = min;
        using var client = factory.ClientFor();
        var longest = field == "surfaceId" ? $$"""{"surfaceId":"{{new string('x', max)}}"}""" : $$"""{"surfaceId":"email","{{field}}":"{{Unique(max)}}"}""";
        var tooLong = field == "surfaceId" ? $$"""{"surfaceId":"{{new string('x', max + 1)}}"}""" : $$"""{"surfaceId":"email","{{field}}":"{{Unique(max + 1)}}"}""";

        using (var ok = await client.PostJsonAsync(Conversations, longest))
        {
            await ok.ExpectJsonAsync(HttpStatusCode.Created);
        }

        using var rejected = await client.PostJsonAsync(Conversations, tooLong);
        await rejected.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("surfaceId")]
    [InlineData("externalParticipantId")]
    [InlineData("externalThreadId")]
    public async Task Identifier_fields_reject_the_empty_string(string field)
    {
        using var client = factory.ClientFor();
        var body = field == "surfaceId" ? """{"surfaceId":""}""" : $$"""{"surfaceId":"email","{{field}}":""}""";
        using var response = await client.PostJsonAsync(Conversations, body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Fact]
    public async Task Lengths_count_characters_not_UTF16_units_so_500_emoji_fit_in_subject()
    {
        using var client = factory.ClientFor();
        var emoji = string.Concat(Enumerable.Repeat("😀", 500));
        var conversation = await client.CreateConversationAsync($$"""{"surfaceId":"email","subject":"{{emoji}}"}""");
        Assert.Equal(emoji, conversation.GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("ada@example.com ")]
    public async Task ParticipantEmail_must_be_a_plain_valid_address(string email)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, $$"""{"surfaceId":"email","participantEmail":"{{email}}"}""");
        await response.ExpectValidationErrorsAsync("participantEmail");
    }

    [Fact]
    public async Task ParticipantEmail_longer_than_320_is_a_400()
    {
        using var client = factory.ClientFor();
        var longer = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 62), 5)) + ".com";
        Assert.True(longer.Length > 320);
        using var response = await client.PostJsonAsync(Conversations, $$"""{"surfaceId":"email","participantEmail":"{{longer}}"}""");
        await response.ExpectValidationErrorsAsync("participantEmail");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("EST5EDT/../../etc/passwd")]
    [InlineData("america/new_york ")]
    [InlineData("+05:00")]
    public async Task Timezone_must_be_an_IANA_zone_id(string zone)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, $$"""{"surfaceId":"email","timezone":"{{zone}}"}""");
        await response.ExpectValidationErrorsAsync("timezone");
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Europe/Berlin")]
    [InlineData("UTC")]
    [InlineData("America/Argentina/Buenos_Aires")]
    public async Task IANA_zone_ids_are_accepted(string zone)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync($$"""{"surfaceId":"email","timezone":"{{zone}}"}""");
        Assert.Equal(zone, conversation.GetProperty("timezone").GetString());
    }

    [Theory]
    [InlineData("status", "\"Open\"")]
    [InlineData("status", "\"OPEN\"")]
    [InlineData("status", "\"pending\"")]
    [InlineData("status", "1")]
    [InlineData("status", "null")]
    public async Task Conversation_status_is_matched_exactly_and_lowercase(string field, string value)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, $$"""{"surfaceId":"email","{{field}}":{{value}}}""");
        await response.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("""{"content":"hi","role":"User"}""", "role")]
    [InlineData("""{"content":"hi","role":"bot"}""", "role")]
    [InlineData("""{"content":"hi","role":null}""", "role")]
    [InlineData("""{"content":"hi","role":"user","direction":"Inbound"}""", "direction")]
    [InlineData("""{"content":"hi","role":"user","direction":"sideways"}""", "direction")]
    [InlineData("""{"content":"hi","role":"user","direction":7}""", "direction")]
    public async Task Message_enums_are_matched_exactly_and_lowercase(string body, string field)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Fact]
    public async Task A_null_direction_means_the_default()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var message = await client.CreateMessageAsync(conversation.Id(), """{"content":"hi","role":"assistant","direction":null}""");
        Assert.Equal("outbound", message.GetProperty("direction").GetString());
    }

    [Theory]
    [InlineData("surfaceId", "42")]
    [InlineData("surfaceId", "null")]
    [InlineData("subject", "true")]
    [InlineData("participantName", "[\"Ada\"]")]
    [InlineData("participantEmail", "{}")]
    [InlineData("externalThreadId", "17")]
    [InlineData("timezone", "0")]
    [InlineData("context", "[]")]
    [InlineData("context", "\"{}\"")]
    [InlineData("context", "null")]
    [InlineData("participantMetadata", "[1,2]")]
    [InlineData("participantMetadata", "3")]
    public async Task A_conversation_field_of_the_wrong_JSON_type_is_named(string field, string value)
    {
        using var client = factory.ClientFor();
        var body = field == "surfaceId" ? $$"""{"surfaceId":{{value}}}""" : $$"""{"surfaceId":"email","{{field}}":{{value}}}""";
        using var response = await client.PostJsonAsync(Conversations, body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("""{"content":42,"role":"user"}""", "content")]
    [InlineData("""{"content":null,"role":"user"}""", "content")]
    [InlineData("""{"content":"","role":"user"}""", "content")]
    [InlineData("""{"content":"hi","role":"user","externalMessageId":""}""", "externalMessageId")]
    [InlineData("""{"content":"hi","role":"user","externalMessageId":5}""", "externalMessageId")]
    [InlineData("""{"content":"hi","role":"user","flowStepResultId":false}""", "flowStepResultId")]
    [InlineData("""{"content":"hi","role":"user","metadata":[]}""", "metadata")]
    [InlineData("""{"content":"hi","role":"user","metadata":"x"}""", "metadata")]
    [InlineData("""{"content":"hi","role":"user","metadata":null}""", "metadata")]
    public async Task A_message_field_of_the_wrong_type_or_empty_is_named(string body, string field)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("content", 100_000)]
    [InlineData("externalMessageId", 500)]
    [InlineData("flowStepResultId", 255)]
    public async Task Message_text_fields_accept_their_maximum_length_and_reject_one_more(string field, int max)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var path = $"{Conversations}/{conversation.Id()}/messages";
        string Body(int length) => field == "content"
            ? $$"""{"content":"{{new string('c', length)}}","role":"user"}"""
            : $$"""{"content":"hi","role":"user","{{field}}":"{{Unique(length)}}"}""";

        using (var ok = await client.PostJsonAsync(path, Body(max)))
        {
            var message = await ok.ExpectJsonAsync(HttpStatusCode.Created);
            Assert.Equal(max, message.GetProperty(field).GetString()!.Length);
        }

        using var rejected = await client.PostJsonAsync(path, Body(max + 1));
        await rejected.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("context")]
    [InlineData("participantMetadata")]
    [InlineData("metadata")]
    public async Task Free_form_objects_may_nest_32_levels_but_not_33(string field)
    {
        using var client = factory.ClientFor();
        using (var ok = await PostFreeform(client, field, Nested(32)))
        {
            Assert.True(ok.IsSuccessStatusCode, $"32 levels answered {(int)ok.StatusCode}: {await ok.Content.ReadAsStringAsync()}");
        }

        using var rejected = await PostFreeform(client, field, Nested(33));
        await rejected.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("context")]
    [InlineData("participantMetadata")]
    [InlineData("metadata")]
    public async Task Free_form_objects_may_be_32_KiB_of_compact_JSON_but_not_more(string field)
    {
        using var client = factory.ClientFor();
        using (var ok = await PostFreeform(client, field, OfSize(32 * 1024)))
        {
            Assert.True(ok.IsSuccessStatusCode, $"32 KiB answered {(int)ok.StatusCode}: {await ok.Content.ReadAsStringAsync()}");
        }

        using var rejected = await PostFreeform(client, field, OfSize((32 * 1024) + 1));
        await rejected.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("""{"surfaceId":"em\u0000ail"}""", "surfaceId")]
    [InlineData("""{"surfaceId":"email","subject":"a\u0000b"}""", "subject")]
    [InlineData("""{"surfaceId":"email","context":{"deep":{"text":"x\u0000"}}}""", "context")]
    [InlineData("""{"surfaceId":"email","participantMetadata":{"ke\u0000y":1}}""", "participantMetadata")]
    [InlineData("""{"surfaceId":"email","context":{"list":["ok","\u0000"]}}""", "context")]
    public async Task The_NUL_character_anywhere_in_a_conversation_body_is_a_400(string body, string field)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("""{"content":"a\ud800b","role":"user"}""", "content")]
    [InlineData("""{"content":"a\udc00","role":"user"}""", "content")]
    [InlineData("""{"content":"ok","role":"user","metadata":{"k":"\ud83d"}}""", "metadata")]
    [InlineData("""{"content":"ok","role":"user","metadata":{"\udfff":1}}""", "body")]
    [InlineData("""{"content":"ok\u0000","role":"user"}""", "content")]
    [InlineData("""{"content":"ok","role":"user","externalMessageId":"\u0000"}""", "externalMessageId")]
    public async Task Unpaired_surrogates_and_NUL_in_a_message_are_a_400(string body, string field)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("""{"surfaceId":"email","futureField":"a\u0000b"}""", "futureField")]
    [InlineData("""{"surfaceId":"email","future\u0000":1}""", "future\u0000")]
    [InlineData("""{"surfaceId":"email","futureList":["\ud800"]}""", "futureList")]
    [InlineData("""{"surfaceId":"email","futureObject":{"deep":"\udc00"}}""", "futureObject")]
    public async Task Unknown_properties_are_ignored_but_NUL_or_lone_surrogates_in_them_are_still_a_400(string body, string field)
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, body);
        await response.ExpectValidationErrorsAsync(field);
    }

    [Fact]
    public async Task A_properly_paired_surrogate_escape_is_accepted()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var message = await client.CreateMessageAsync(conversation.Id(), """{"content":"\ud83d\ude00","role":"user"}""");
        Assert.Equal("😀", message.GetProperty("content").GetString());
    }

    [Fact]
    public async Task One_request_reports_every_invalid_conversation_field_at_once()
    {
        using var client = factory.ClientFor();
        using var response = await client.PostJsonAsync(Conversations, $$"""
            {"surfaceId":"","status":"Open","subject":"{{new string('s', 501)}}","participantName":5,
             "participantEmail":"nope","externalParticipantId":"","externalThreadId":[],"timezone":"Nowhere/City",
             "context":[],"participantMetadata":"x"}
            """);
        await response.ExpectValidationErrorsAsync(
            "surfaceId", "status", "subject", "participantName", "participantEmail", "externalParticipantId",
            "externalThreadId", "timezone", "context", "participantMetadata");
    }

    [Fact]
    public async Task One_request_reports_every_invalid_message_field_at_once()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", $$"""
            {"content":"","role":"robot","direction":"up","externalMessageId":"{{new string('e', 501)}}",
             "flowStepResultId":"{{new string('f', 256)}}","metadata":[1]}
            """);
        await response.ExpectValidationErrorsAsync("content", "role", "direction", "externalMessageId", "flowStepResultId", "metadata");
    }

    [Fact]
    public async Task An_invalid_update_reports_every_bad_field_and_changes_nothing()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync("""{"surfaceId":"email","subject":"kept"}""");
        using (var response = await client.PutJsonAsync($"{Conversations}/{conversation.Id()}", """{"subject":"new","status":"done","surfaceId":null,"context":5}"""))
        {
            await response.ExpectValidationErrorsAsync("status", "surfaceId", "context");
        }

        var after = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}");
        Assert.Equal("kept", after.GetProperty("subject").GetString());
        Assert.Equal(conversation.GetProperty("updatedAt").GetString(), after.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task An_empty_update_is_a_400()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.PutJsonAsync($"{Conversations}/{conversation.Id()}", "{}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_update_of_only_unknown_properties_is_an_empty_update()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.PutJsonAsync($"{Conversations}/{conversation.Id()}", """{"colour":"blue"}""");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_a_413_and_stores_nothing()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        var body = $$"""{"content":"x","role":"user","padding":"{{new string('p', (1024 * 1024) + 1)}}"}""";

        using var response = await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", body);
        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(0, (await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}")).GetProperty("messageCount").GetInt64());
    }

    [Fact]
    public async Task A_chunked_body_over_1_MiB_without_a_length_is_a_413()
    {
        using var client = factory.ClientFor();
        var body = Encoding.UTF8.GetBytes($$"""{"surfaceId":"email","padding":"{{new string('p', (1024 * 1024) + 1)}}"}""");
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Conversations) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);
        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_just_under_1_MiB_is_read()
    {
        using var client = factory.ClientFor();
        var padding = (1024 * 1024) - 200;
        var body = $$"""{"surfaceId":"email","padding":"{{new string('p', padding)}}"}""";
        Assert.True(Encoding.UTF8.GetByteCount(body) < 1024 * 1024);
        using var response = await client.PostJsonAsync(Conversations, body);
        await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task A_body_that_is_not_application_json_is_a_415(string? contentType)
    {
        using var client = factory.ClientFor();
        using var content = new ByteArrayContent("""{"surfaceId":"email"}"""u8.ToArray());
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(Conversations, content);
        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Application_json_with_a_charset_is_accepted()
    {
        using var client = factory.ClientFor();
        using var content = new StringContent("""{"surfaceId":"email"}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        using var response = await client.PostAsync(Conversations, content);
        await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("status=Open", "status")]
    [InlineData("status=pending", "status")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_conversation_listing_parameters_are_a_400_naming_them(string query, string field)
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{Conversations}?{query}");
        await response.ExpectValidationErrorsAsync(field);
    }

    [Fact]
    public async Task Several_bad_listing_parameters_are_reported_together()
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{Conversations}?limit=0&status=nope&cursor=bad");
        await response.ExpectValidationErrorsAsync("limit", "status", "cursor");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("order=sideways", "order")]
    [InlineData("order=ASC", "order")]
    [InlineData("cursor=forged", "cursor")]
    public async Task Bad_message_listing_parameters_are_a_400_naming_them(string query, string field)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using var response = await client.GetAsync($"{Conversations}/{conversation.Id()}/messages?{query}");
        await response.ExpectValidationErrorsAsync(field);
    }

    [Theory]
    [InlineData("limit=1")]
    [InlineData("limit=100")]
    public async Task The_limit_bounds_themselves_are_accepted(string query)
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        using (var list = await client.GetAsync($"{Conversations}?{query}"))
        {
            await list.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using var messages = await client.GetAsync($"{Conversations}/{conversation.Id()}/messages?{query}");
        await messages.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("conv_123")]
    [InlineData("conv_01JAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("msg_01JAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("conv_01jaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("conv_01JAAAAAAAAAAAAAAAAAAAAAA%20")]
    [InlineData("%27%20OR%201%3D1--")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task An_id_that_cannot_be_a_conversation_id_is_a_404_on_every_conversation_route(string id)
    {
        using var client = factory.ClientFor();
        var path = $"{Conversations}/{id}";
        var responses = new[]
        {
            await client.GetAsync(path),
            await client.PutJsonAsync(path, """{"subject":"x"}"""),
            await client.DeleteAsync(path),
            await client.GetAsync($"{path}/messages"),
            await client.PostJsonAsync($"{path}/messages", """{"content":"x","role":"user"}"""),
        };
        foreach (var response in responses)
        {
            using (response)
            {
                await response.ExpectProblemAsync(HttpStatusCode.NotFound);
            }
        }
    }

    [Fact]
    public async Task A_very_long_id_is_a_404_not_a_500()
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{Conversations}/conv_{new string('A', 3000)}");
        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<HttpResponseMessage> PostFreeform(HttpClient client, string field, string json)
    {
        if (field == "metadata")
        {
            var conversation = await client.CreateConversationAsync();
            return await client.PostJsonAsync($"{Conversations}/{conversation.Id()}/messages", $$"""{"content":"x","role":"user","metadata":{{json}}}""");
        }

        return await client.PostJsonAsync(Conversations, $$"""{"surfaceId":"email","{{field}}":{{json}}}""");
    }

    /// <summary>An object <paramref name="levels"/> deep: <c>{"a":{"a":{}}}</c> is 3.</summary>
    private static string Nested(int levels) => string.Concat(Enumerable.Repeat("{\"a\":", levels - 1)) + "{}" + new string('}', levels - 1);

    /// <summary>A compact JSON object of exactly <paramref name="bytes"/> bytes: <c>{"p":"ppp…"}</c>.</summary>
    private static string OfSize(int bytes) => $$"""{"p":"{{new string('p', bytes - 8)}}"}""";

    /// <summary>A unique string of exactly <paramref name="length"/> characters (identifiers must not collide across tests).</summary>
    private static string Unique(int length)
    {
        var prefix = Guid.NewGuid().ToString("N");
        return length <= prefix.Length ? prefix[..length] : prefix + new string('x', length - prefix.Length);
    }
}
