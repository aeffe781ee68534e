using System.Net;
using System.Text.Json;

namespace Runtype.Api.Tests;

/// <summary>
/// Listing conversations: order, filters, pagination fields and cursors. The host is shared, so every test
/// lists a surface of its own.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ListingTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;

    private static readonly string[] SummaryFields =
    [
        "id", "surfaceId", "status", "subject", "participantName", "participantEmail", "externalParticipantId",
        "externalThreadId", "timezone", "messageCount", "lastMessageAt", "createdAt", "updatedAt",
    ];

    [Fact]
    public async Task Most_recently_updated_comes_first_and_a_new_message_moves_a_conversation_to_the_top()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        var created = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}"""));
        }

        AssertSortedNewestFirst(await List(client, $"surfaceId={surface}"));

        await client.CreateMessageAsync(created[0].Id());
        var after = await List(client, $"surfaceId={surface}");

        Assert.Equal(created[0].Id(), after.GetProperty("data")[0].Id());
        AssertSortedNewestFirst(after);
    }

    [Fact]
    public async Task The_list_form_carries_the_summary_fields_only()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}","context":{"a":1} }""");

        var item = (await List(client, $"surfaceId={surface}")).GetProperty("data")[0];

        Assert.Equal(SummaryFields.Order(StringComparer.Ordinal), item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_filter_narrows_to_exact_matches_and_filters_combine()
    {
        var surface = NewSurface();
        var other = NewSurface();
        using var client = factory.ClientFor();
        var open = await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}","participantEmail":"ann@example.com","externalThreadId":"t-1"}""");
        var closed = await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}","status":"closed","participantEmail":"bob@example.com","externalThreadId":"t-2"}""");
        var archived = await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}","status":"archived","participantEmail":"ann@example.com"}""");
        var elsewhere = await client.CreateConversationAsync($$"""{"surfaceId":"{{other}}","participantEmail":"ann@example.com","externalThreadId":"t-1"}""");

        Assert.Equal(These(open, closed, archived), Set(await List(client, $"surfaceId={surface}")));
        Assert.Equal(These(open), Set(await List(client, $"surfaceId={surface}&status=open")));
        Assert.Equal(These(closed), Set(await List(client, $"surfaceId={surface}&status=closed")));
        Assert.Equal(These(archived), Set(await List(client, $"surfaceId={surface}&status=archived")));
        Assert.Equal(These(open, archived), Set(await List(client, $"surfaceId={surface}&participantEmail=ann@example.com")));
        Assert.Empty(Set(await List(client, $"surfaceId={surface}&participantEmail=ANN@example.com")));
        Assert.Equal(These(open), Set(await List(client, $"surfaceId={surface}&externalThreadId=t-1")));
        Assert.Equal(These(archived), Set(await List(client, $"surfaceId={surface}&participantEmail=ann@example.com&status=archived")));
        Assert.Equal(These(elsewhere), Set(await List(client, $"surfaceId={other}&externalThreadId=t-1&participantEmail=ann@example.com&status=open")));
    }

    [Fact]
    public async Task Pages_report_their_position_and_walking_nextCursor_visits_everything_once()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        var all = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 7; i++)
        {
            all.Add((await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""")).Id());
        }

        var first = await List(client, $"surfaceId={surface}&limit=3");
        AssertPagination(first, limit: 3, hasMore: true, hasPrev: false, offset: 0, pageNumber: 1);
        var second = await List(client, $"surfaceId={surface}&limit=3&cursor={Next(first)}");
        AssertPagination(second, limit: 3, hasMore: true, hasPrev: true, offset: 3, pageNumber: 2);
        var third = await List(client, $"surfaceId={surface}&limit=3&cursor={Next(second)}");
        AssertPagination(third, limit: 3, hasMore: false, hasPrev: true, offset: 6, pageNumber: 3);

        Assert.Equal(JsonValueKind.Null, first.GetProperty("pagination").GetProperty("prevCursor").ValueKind);
        Assert.Equal(JsonValueKind.Null, third.GetProperty("pagination").GetProperty("nextCursor").ValueKind);
        var seen = new[] { first, second, third }.SelectMany(Ids).ToList();
        Assert.Equal(7, seen.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal([3, 3, 1], new[] { first, second, third }.Select(p => p.GetProperty("data").GetArrayLength()));
    }

    [Fact]
    public async Task Following_nextCursor_then_prevCursor_returns_the_same_page()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        for (var i = 0; i < 8; i++)
        {
            await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        }

        var first = await List(client, $"surfaceId={surface}&limit=3");
        var second = await List(client, $"surfaceId={surface}&limit=3&cursor={Next(first)}");
        var third = await List(client, $"surfaceId={surface}&limit=3&cursor={Next(second)}");
        var backToSecond = await List(client, $"surfaceId={surface}&limit=3&cursor={Previous(third)}");
        var backToFirst = await List(client, $"surfaceId={surface}&limit=3&cursor={Previous(backToSecond)}");

        Assert.Equal(Ids(second), Ids(backToSecond));
        Assert.Equal(Ids(first), Ids(backToFirst));
        AssertPagination(backToSecond, limit: 3, hasMore: true, hasPrev: true, offset: 3, pageNumber: 2);
        AssertPagination(backToFirst, limit: 3, hasMore: true, hasPrev: false, offset: 0, pageNumber: 1);
    }

    [Fact]
    public async Task The_default_limit_is_50()
    {
        using var client = factory.ClientFor();
        var page = await List(client, $"surfaceId={NewSurface()}");
        Assert.Equal(50, page.GetProperty("pagination").GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task TotalCount_and_totalPages_count_every_match_not_the_page()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        for (var i = 0; i < 5; i++)
        {
            await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        }

        var page = await List(client, $"surfaceId={surface}&limit=2");
        Assert.Equal(5, page.GetProperty("pagination").GetProperty("totalCount").GetInt64());
        Assert.Equal(3, page.GetProperty("pagination").GetProperty("totalPages").GetInt64());
    }

    [Fact]
    public async Task A_tampered_cursor_is_a_400()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        }

        var cursor = (await List(client, $"surfaceId={surface}&limit=1")).GetProperty("pagination").GetProperty("nextCursor").GetString()!;
        var tampered = (cursor[0] == 'A' ? 'B' : 'A') + cursor[1..];

        using var response = await client.GetAsync($"{Conversations}?surfaceId={surface}&limit=1&cursor={Uri.EscapeDataString(tampered)}");
        await response.ExpectValidationErrorsAsync("cursor");
    }

    [Fact]
    public async Task A_cursor_used_with_different_filters_is_a_400()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        }

        var cursor = Next(await List(client, $"surfaceId={surface}&limit=1"));

        using (var otherSurface = await client.GetAsync($"{Conversations}?surfaceId={NewSurface()}&limit=1&cursor={cursor}"))
        {
            await otherSurface.ExpectValidationErrorsAsync("cursor");
        }

        using (var addedStatus = await client.GetAsync($"{Conversations}?surfaceId={surface}&status=open&limit=1&cursor={cursor}"))
        {
            await addedStatus.ExpectValidationErrorsAsync("cursor");
        }

        using var otherOwner = factory.ClientFor(ApiFactory.OwnerBKey);
        using var response = await otherOwner.GetAsync($"{Conversations}?surfaceId={surface}&limit=1&cursor={cursor}");
        await response.ExpectValidationErrorsAsync("cursor");
    }

    [Fact]
    public async Task Deleted_conversations_leave_the_listing_and_its_count()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        var keep = await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        var drop = await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        using (var deleted = await client.DeleteAsync($"{Conversations}/{drop.Id()}"))
        {
            await deleted.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var page = await List(client, $"surfaceId={surface}");
        Assert.Equal([keep.Id()], Ids(page));
        Assert.Equal(1, page.GetProperty("pagination").GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Updates_are_reflected_in_the_listing_filters()
    {
        var surface = NewSurface();
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync($$"""{"surfaceId":"{{surface}}"}""");
        using (var closed = await client.PutJsonAsync($"{Conversations}/{conversation.Id()}", """{"status":"closed"}"""))
        {
            await closed.ExpectJsonAsync(HttpStatusCode.OK);
        }

        Assert.Empty(Ids(await List(client, $"surfaceId={surface}&status=open")));
        Assert.Equal([conversation.Id()], Ids(await List(client, $"surfaceId={surface}&status=closed")));
    }

    private static string NewSurface() => $"list-{Guid.NewGuid():N}";

    private static async Task<JsonElement> List(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"{Conversations}?{query}");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static List<string> Ids(JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(c => c.Id())];

    private static List<string> These(params JsonElement[] conversations) => [.. conversations.Select(c => c.Id()).Order(StringComparer.Ordinal)];

    private static List<string> Set(JsonElement page) => [.. Ids(page).Order(StringComparer.Ordinal)];

    private static string Next(JsonElement page) => Uri.EscapeDataString(page.GetProperty("pagination").GetProperty("nextCursor").GetString()!);

    private static string Previous(JsonElement page) => Uri.EscapeDataString(page.GetProperty("pagination").GetProperty("prevCursor").GetString()!);

    private static void AssertSortedNewestFirst(JsonElement page)
    {
        var keys = page.GetProperty("data").EnumerateArray()
            .Select(c => (UpdatedAt: c.GetProperty("updatedAt").GetString()!, Id: c.Id())).ToList();
        for (var i = 1; i < keys.Count; i++)
        {
            var order = string.CompareOrdinal(keys[i - 1].UpdatedAt, keys[i].UpdatedAt);
            Assert.True(order > 0 || (order == 0 && string.CompareOrdinal(keys[i - 1].Id, keys[i].Id) > 0), $"{keys[i - 1]} listed before {keys[i]}");
        }
    }

    private static void AssertPagination(JsonElement page, int limit, bool hasMore, bool hasPrev, long offset, long pageNumber)
    {
        var p = page.GetProperty("pagination");
        Assert.Equal(limit, p.GetProperty("limit").GetInt32());
        Assert.Equal(hasMore, p.GetProperty("hasMore").GetBoolean());
        Assert.Equal(hasPrev, p.GetProperty("hasPrev").GetBoolean());
        Assert.Equal(offset, p.GetProperty("currentOffset").GetInt64());
        Assert.Equal(pageNumber, p.GetProperty("currentPage").GetInt64());
        Assert.Equal(hasMore, p.GetProperty("nextCursor").ValueKind == JsonValueKind.String);
        Assert.Equal(hasPrev, p.GetProperty("prevCursor").ValueKind == JsonValueKind.String);
    }
}
