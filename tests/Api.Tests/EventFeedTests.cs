using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Api.Events;
using Runtype.Api.Shared;
using Runtype.Grains.Events;

namespace Runtype.Api.Tests;

/// <summary>GET /v1/messaging/events through the real pipeline: paging, filters, cursors, retention, owners.</summary>
[Collection(ApiCollection.Name)]
public sealed class EventFeedTests(ApiFactory factory)
{
    private const string Events = "/v1/messaging/events";

    [Fact]
    public async Task Paging_returns_every_event_once_in_order_and_nextCursor_is_never_null()
    {
        var written = await EventWriter.WriteAsync(factory, "owner-a", 7);
        using var client = factory.ClientFor();
        var seen = new List<string>();
        var url = $"{Events}?limit=3&conversationId={written.ConversationId}";
        var pages = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var page = await client.ReadJsonAsync(url);
            var ids = page.GetProperty("data").EnumerateArray().Select(e => e.Id()).ToList();
            pages.Add(ids.Count);
            seen.AddRange(ids);
            var next = page.GetProperty("nextCursor").GetString();
            Assert.False(string.IsNullOrEmpty(next));
            url = $"{Events}?limit=3&conversationId={written.ConversationId}&after={Uri.EscapeDataString(next)}";
        }

        Assert.Equal([3, 3, 1, 0], pages);
        Assert.Equal(written.EventIds, seen);

        // The empty page's cursor still works and picks up what comes later... in the same conversation, none.
        var again = await client.ReadJsonAsync(url);
        Assert.Empty(again.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task An_event_has_the_contract_shape_with_data_as_an_object()
    {
        var written = await EventWriter.WriteAsync(factory, "owner-a", 2);
        using var client = factory.ClientFor();
        var page = await client.ReadJsonAsync($"{Events}?conversationId={written.ConversationId}");
        var first = page.GetProperty("data")[0];
        Assert.Equal(written.EventIds[0], first.Id());
        Assert.Equal("conversation.created", first.GetProperty("type").GetString());
        Assert.Equal(written.ConversationId, first.GetProperty("conversationId").GetString());
        Assert.Equal(1, first.GetProperty("sequence").GetInt64());
        Assert.Equal(JsonValueKind.Object, first.GetProperty("data").ValueKind);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previousAttributes").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", first.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task The_whole_feed_without_a_cursor_holds_the_events_and_an_empty_feed_still_gives_a_cursor()
    {
        var written = await EventWriter.WriteAsync(factory, "owner-a", 3);
        using var client = factory.ClientFor();
        var seen = new List<string>();
        string? cursor = null;
        while (true)
        {
            var page = await client.ReadJsonAsync($"{Events}?limit=500" + (cursor is null ? "" : $"&after={Uri.EscapeDataString(cursor)}"));
            var ids = page.GetProperty("data").EnumerateArray().Select(e => e.Id()).ToList();
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.NotNull(cursor);
            if (ids.Count == 0)
            {
                break;
            }

            seen.AddRange(ids);
        }

        Assert.Equal(written.EventIds, seen.Where(written.EventIds.Contains));
        Assert.Equal(seen.Count, seen.Distinct().Count());

        // A filter nothing matches: still a cursor, at the start.
        var none = await client.ReadJsonAsync($"{Events}?conversationId=conv_00000000000000000000000000");
        Assert.Empty(none.GetProperty("data").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(none.GetProperty("nextCursor").GetString()));
    }

    [Fact]
    public async Task Types_filter_returns_only_the_listed_types()
    {
        var written = await EventWriter.WriteAsync(factory, "owner-a", 4);
        using var client = factory.ClientFor();
        var page = await client.ReadJsonAsync($"{Events}?conversationId={written.ConversationId}&types=message.created");
        var ids = page.GetProperty("data").EnumerateArray().Select(e => e.Id()).ToList();
        Assert.Equal(written.EventIds.Skip(1), ids);
        var both = await client.ReadJsonAsync($"{Events}?conversationId={written.ConversationId}&types=message.created,conversation.created");
        Assert.Equal(4, both.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("types=message.created,message.deleted", "types")]
    [InlineData("types=", "types")]
    [InlineData("conversationId=nope", "conversationId")]
    [InlineData("after=abc.def", "after")]
    [InlineData("limit=x&types=nope", "limit", "types")]
    public async Task Bad_query_values_are_a_400_naming_each_field(string query, params string[] fields)
    {
        using var client = factory.ClientFor();
        using var response = await client.GetAsync($"{Events}?{query}");
        await response.ExpectValidationErrorsAsync(fields);
    }

    [Fact]
    public async Task A_tampered_cursor_another_owners_cursor_or_one_for_other_filters_is_a_400()
    {
        var written = await EventWriter.WriteAsync(factory, "owner-a", 2);
        using var a = factory.ClientFor();
        using var b = factory.ClientFor(ApiFactory.OwnerBKey);
        var cursor = (await a.ReadJsonAsync($"{Events}?limit=1")).GetProperty("nextCursor").GetString()!;
        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];
        foreach (var (client, url) in new[]
        {
            (a, $"{Events}?after={Uri.EscapeDataString(tampered)}"),
            (b, $"{Events}?after={Uri.EscapeDataString(cursor)}"),
            (a, $"{Events}?after={Uri.EscapeDataString(cursor)}&conversationId={written.ConversationId}"),
            (a, $"{Events}?after={Uri.EscapeDataString(cursor)}&types=message.created"),
        })
        {
            using var response = await client.GetAsync(url);
            await response.ExpectValidationErrorsAsync("after");
        }
    }

    [Fact]
    public async Task A_cursor_older_than_retention_is_a_410_problem()
    {
        var codec = factory.Services.GetRequiredService<CursorCodec>();
        var scope = EventCursor.ScopeFor("owner-a", null, null);
        var old = new EventCursor(new EventPosition(1, 0), DateTime.UtcNow.AddDays(-7).AddMinutes(-1)).Write(codec, scope);
        var recent = new EventCursor(new EventPosition(1, 0), DateTime.UtcNow.AddDays(-7).AddMinutes(1)).Write(codec, scope);
        using var client = factory.ClientFor();
        using (var response = await client.GetAsync($"{Events}?after={Uri.EscapeDataString(old)}"))
        {
            await response.ExpectProblemAsync(HttpStatusCode.Gone);
        }

        using (var stream = await client.GetAsync($"{Events}/stream?after={Uri.EscapeDataString(old)}", HttpCompletionOption.ResponseHeadersRead))
        {
            await stream.ExpectProblemAsync(HttpStatusCode.Gone);
        }

        using var fresh = await client.GetAsync($"{Events}?after={Uri.EscapeDataString(recent)}");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Another_owner_sees_none_of_the_events()
    {
        var written = await EventWriter.WriteAsync(factory, "owner-a", 3);
        using var b = factory.ClientFor(ApiFactory.OwnerBKey);
        var all = await b.ReadJsonAsync($"{Events}?limit=500");
        Assert.DoesNotContain(all.GetProperty("data").EnumerateArray(), e => e.GetProperty("conversationId").GetString() == written.ConversationId);
        var filtered = await b.ReadJsonAsync($"{Events}?conversationId={written.ConversationId}");
        Assert.Empty(filtered.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Reading_events_needs_the_read_scope()
    {
        using var writeOnly = factory.ClientFor(ApiFactory.WriteOnlyKey);
        using var feed = await writeOnly.GetAsync(Events);
        await feed.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var stream = await writeOnly.GetAsync($"{Events}/stream", HttpCompletionOption.ResponseHeadersRead);
        await stream.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}
