using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>
/// GET /search/messages (docs/search.md) on the store this run uses: what matches, in which order, through which
/// filters and pages, what a highlight holds, and that a write's answer is what makes a message findable or not.
/// Each test searches words of its own (a unique tag), as the tests share one owner.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SearchTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;
    private const string Search = "/v1/messaging/search/messages";

    [Fact]
    public async Task Words_match_whatever_their_case_accents_and_English_form_and_every_word_must_match()
    {
        using var client = factory.ClientFor();
        var tag = Tag();
        var conversation = await client.CreateConversationAsync();
        var refund = await Post(client, conversation.Id(), $"{tag} The customer asked about REFUNDS for the café order");
        var other = await Post(client, conversation.Id(), $"{tag} Shipping was late");

        Assert.Equal([refund.Id()], await IdsAsync(client, $"{tag} refund"));
        Assert.Equal([refund.Id()], await IdsAsync(client, $"{tag} Cafe"));
        Assert.Equal([refund.Id()], await IdsAsync(client, $"{tag} refunding"));
        Assert.Equal([other.Id(), refund.Id()], await IdsAsync(client, tag));
        Assert.Empty(await IdsAsync(client, $"{tag} refund shipping"));
    }

    [Fact]
    public async Task Phrases_exclusions_and_OR_combine_as_documented()
    {
        using var client = factory.ClientFor();
        var tag = Tag();
        var id = (await client.CreateConversationAsync()).Id();
        var a = await Post(client, id, $"{tag} please refund my order now");
        var b = await Post(client, id, $"{tag} the order was a refund mistake");
        var c = await Post(client, id, $"{tag} I want to return the parcel");

        Assert.Equal([a.Id()], await IdsAsync(client, $"{tag} \"refund my order\""));
        Assert.Equal([b.Id()], await IdsAsync(client, $"{tag} refund -please"));
        Assert.Equal([b.Id()], await IdsAsync(client, $"{tag} refund -\"my order\""));
        Assert.Equal([c.Id(), b.Id(), a.Id()], await IdsAsync(client, $"{tag} refund OR return"));
        Assert.Equal([c.Id(), a.Id()], await IdsAsync(client, $"{tag} please OR parcel"));
        // OR binds tighter than the side-by-side AND: (refund or return) and parcel.
        Assert.Equal([c.Id()], await IdsAsync(client, $"{tag} refund OR return parcel"));
        // A lower-case "or" is a word like any other.
        Assert.Empty(await IdsAsync(client, $"{tag} refund or return"));
        // A quote left open runs to the end.
        Assert.Equal([a.Id()], await IdsAsync(client, $"{tag} \"my order now"));
    }

    [Fact]
    public async Task Results_come_newest_first_across_conversations_in_pages_whose_cursor_walks_them_all()
    {
        using var client = factory.ClientFor();
        var tag = Tag();
        var posted = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var conversation = await client.CreateConversationAsync();
            posted.Add((await Post(client, conversation.Id(), $"{tag} message {i}")).Id());
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.ExpectSearchAsync($"{Search}?q={tag}&limit=3" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(hit => hit.GetProperty("message").Id()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        posted.Reverse();
        Assert.Equal(posted, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_hit_carries_the_message_as_GET_returns_it_its_conversation_and_an_escaped_highlight()
    {
        using var client = factory.ClientFor();
        var tag = Tag();
        var conversation = await client.CreateConversationAsync("""{"surfaceId":"email","subject":"Order 5","participantName":"Ann","participantEmail":"ann@example.com"}""");
        var message = await Post(client, conversation.Id(), $"<b>{tag}</b> & the refunds <script>alert(1)</script>");

        var hit = Assert.Single((await client.ExpectSearchAsync($"{Search}?q={tag}+refund")).GetProperty("data").EnumerateArray());
        var got = await client.ReadJsonAsync($"{Conversations}/{conversation.Id()}/messages/{message.Id()}");

        Assert.Equal(got.GetRawText(), hit.GetProperty("message").GetRawText());
        var c = hit.GetProperty("conversation");
        Assert.Equal(
            ["id", "surfaceId", "status", "subject", "participantName", "participantEmail"],
            c.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal((conversation.Id(), "email", "open", "Order 5", "Ann", "ann@example.com"),
            (c.GetProperty("id").GetString(), c.GetProperty("surfaceId").GetString(), c.GetProperty("status").GetString(),
             c.GetProperty("subject").GetString(), c.GetProperty("participantName").GetString(), c.GetProperty("participantEmail").GetString()));
        Assert.Equal($"&lt;b&gt;<mark>{tag}</mark>&lt;/b&gt; &amp; the <mark>refunds</mark> &lt;script&gt;alert(1)&lt;/script&gt;", hit.GetProperty("highlight").GetString());
    }

    [Fact]
    public async Task Every_filter_narrows_the_results()
    {
        using var client = factory.ClientFor();
        var tag = Tag();
        var email = $"{tag}@example.com";
        var first = await client.CreateConversationAsync($$"""{"surfaceId":"s-{{tag}}","participantEmail":"{{email}}"}""");
        var second = await client.CreateConversationAsync("""{"surfaceId":"chat","status":"open"}""");
        var user = await Post(client, first.Id(), $"{tag} one", role: "user");
        var agent = await Post(client, first.Id(), $"{tag} two", role: "assistant");
        var third = await Post(client, second.Id(), $"{tag} three", role: "user");
        using var closed = await client.PutJsonAsync($"{Conversations}/{second.Id()}", """{"status":"closed"}""");
        closed.EnsureSuccessStatusCode();
        // Imported, so their times are the test's: posts a millisecond apart could share a createdAt.
        var dated = await client.CreateConversationAsync();
        using var import = await client.PostJsonAsync($"{Conversations}/{dated.Id()}/messages/import", $$"""
            {"messages":[{"content":"{{tag}} early","role":"user","createdAt":"2020-01-01T00:00:01Z"},
                         {"content":"{{tag}} middle","role":"user","createdAt":"2020-01-01T00:00:02Z"},
                         {"content":"{{tag}} late","role":"user","createdAt":"2020-01-01T00:00:03Z"}]}
            """);
        import.EnsureSuccessStatusCode();
        var middle = Assert.Single(await IdsAsync(client, $"{tag} middle"));

        Assert.Equal([agent.Id(), user.Id()], await IdsAsync(client, tag, $"conversationId={first.Id()}"));
        Assert.Equal([agent.Id(), user.Id()], await IdsAsync(client, tag, $"surfaceId=s-{tag}"));
        Assert.Equal([third.Id()], await IdsAsync(client, tag, "status=closed"));
        Assert.Equal([agent.Id()], await IdsAsync(client, tag, "role=assistant"));
        Assert.Equal([third.Id(), user.Id()], await IdsAsync(client, tag, "direction=inbound&createdAfter=2020-02-01T00:00:00Z"));
        Assert.Equal([agent.Id(), user.Id()], await IdsAsync(client, tag, $"participantEmail={Uri.EscapeDataString(email)}"));
        // Both bounds are exclusive.
        Assert.Equal([middle], await IdsAsync(client, tag, "createdAfter=2020-01-01T00:00:01Z&createdBefore=2020-01-01T00:00:03Z"));
        Assert.Equal(2, (await IdsAsync(client, tag, "createdBefore=2020-01-01T00:00:03Z")).Count);
        Assert.DoesNotContain(middle, await IdsAsync(client, tag, "createdAfter=2020-01-01T00:00:02Z"));
    }

    [Fact]
    public async Task A_message_is_findable_once_its_write_answers_and_never_after_its_redaction_or_its_conversations_delete_answers()
    {
        using var client = factory.ClientFor();
        var tag = Tag();
        var id = (await client.CreateConversationAsync()).Id();
        using var import = await client.PostJsonAsync($"{Conversations}/{id}/messages/import",
            $$"""{"messages":[{"content":"{{tag}} imported","role":"user","createdAt":"2020-01-01T00:00:00Z"}]}""");
        import.EnsureSuccessStatusCode();
        var message = await Post(client, id, $"{tag} secret");

        Assert.Equal([message.Id()], await IdsAsync(client, $"{tag} secret"));
        Assert.Single(await IdsAsync(client, $"{tag} imported"));

        using var redaction = await client.DeleteAsync($"{Conversations}/{id}/messages/{message.Id()}");
        redaction.EnsureSuccessStatusCode();
        Assert.Empty(await IdsAsync(client, $"{tag} secret"));
        Assert.Single(await IdsAsync(client, tag));

        using var delete = await client.DeleteAsync($"{Conversations}/{id}");
        delete.EnsureSuccessStatusCode();
        Assert.Empty(await IdsAsync(client, tag));
    }

    [Fact]
    public async Task Another_owners_messages_are_never_found_and_its_cursors_are_refused()
    {
        using var a = factory.ClientFor();
        using var b = factory.ClientFor(ApiFactory.OwnerBKey);
        var tag = Tag();
        for (var i = 0; i < 3; i++)
        {
            await Post(a, (await a.CreateConversationAsync()).Id(), $"{tag} mine");
        }

        Assert.Empty(await IdsAsync(b, tag));
        var page = await a.ExpectSearchAsync($"{Search}?q={tag}&limit=1");
        var cursor = Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!);
        using var foreign = await b.GetAsync($"{Search}?q={tag}&limit=1&cursor={cursor}");
        await foreign.ExpectValidationErrorsAsync("cursor");
        using var otherQuery = await a.GetAsync($"{Search}?q={tag}+mine&limit=1&cursor={cursor}");
        await otherQuery.ExpectValidationErrorsAsync("cursor");
        using var otherFilter = await a.GetAsync($"{Search}?q={tag}&limit=1&role=user&cursor={cursor}");
        await otherFilter.ExpectValidationErrorsAsync("cursor");
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=%21%21%21+--+%22%22", "q")]
    [InlineData("q=-refund", "q")]
    [InlineData("q=a&limit=0", "limit")]
    [InlineData("q=a&limit=101", "limit")]
    [InlineData("q=a&status=gone&role=robot&direction=up", "status,role,direction")]
    [InlineData("q=a&createdAfter=yesterday&createdBefore=2024-01-01", "createdAfter,createdBefore")]
    [InlineData("q=a&cursor=not-a-cursor", "cursor")]
    [InlineData("q=a&q=b", "q")]
    public async Task Bad_parameters_are_a_400_naming_each_of_them(string query, string fields)
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{Search}?{query}");
        await response.ExpectValidationErrorsAsync(fields.Split(','));
    }

    [Fact]
    public async Task A_query_over_500_characters_or_with_more_than_64_terms_is_a_400_naming_q()
    {
        using var client = factory.ClientFor();
        using var tooLong = await client.GetAsync($"{Search}?q={new string('a', 501)}");
        await tooLong.ExpectValidationErrorsAsync("q");
        using var tooMany = await client.GetAsync($"{Search}?q={Uri.EscapeDataString(string.Join(" OR ", Enumerable.Range(0, 65).Select(i => $"w{i}")))}");
        await tooMany.ExpectValidationErrorsAsync("q");
    }

    [Fact]
    public async Task Hostile_queries_answer_results_or_a_400_and_never_a_500()
    {
        using var client = factory.ClientFor();
        var tag = Tag();
        await Post(client, (await client.CreateConversationAsync()).Id(), $"{tag} it's a \\back & forth <-> (test) !not :* 'quoted'");
        string[] fixedQueries =
        [
            string.Concat(Enumerable.Repeat("&|!():*'\\<->", 38)),
            string.Join(" OR ", Enumerable.Range(0, 64).Select(i => $"w{i}")),
            "\"unclosed " + tag, "\"\"\"\"", "- - -a -\"\"", tag + " 'it''s'", tag + " \\'", tag + " a:* & b:A",
            tag + " \u0001\u0002\t\r\n\u007f", tag + " é\u0301 ﬁ ß İ", "🙂 " + tag, tag + " <-> !! (( ))", "OR OR OR " + tag, tag + " OR",
        ];
        var random = new Random(27);
        const string alphabet = "ab zq&|!():*'\\<->\"-_%.,;\u0001é🙂OR";
        var fuzzed = Enumerable.Range(0, 150).Select(_ => tag + " " + new string([.. Enumerable.Range(0, random.Next(1, 60)).Select(_ => alphabet[random.Next(alphabet.Length)])]));
        foreach (var q in fixedQueries.Concat(fuzzed))
        {
            // Unpaired surrogates from the fuzzing alphabet's emoji are a 400 of their own; skip them as a query string cannot carry them.
            if (q.EnumerateRunes().Any(r => r == System.Text.Rune.ReplacementChar))
            {
                continue;
            }

            using var response = await client.GetAsync($"{Search}?q={Uri.EscapeDataString(q)}");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"q={q}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Single(await IdsAsync(client, $"{tag} back forth"));
    }

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..16];

    private static Task<JsonElement> Post(HttpClient client, string conversationId, string content, string role = "user") =>
        client.CreateMessageAsync(conversationId, JsonSerializer.Serialize(new { content, role }));

    private static async Task<List<string>> IdsAsync(HttpClient client, string q, string filters = "")
    {
        var page = await client.ExpectSearchAsync($"{Search}?q={Uri.EscapeDataString(q)}&limit=100{(filters.Length > 0 ? "&" + filters : "")}");
        return [.. page.GetProperty("data").EnumerateArray().Select(hit => hit.GetProperty("message").Id())];
    }
}

internal static class SearchClientExtensions
{
    public static async Task<JsonElement> ExpectSearchAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
