using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Runtype.Client.Tests;

/// <summary>Makes events over plain HTTP (a conversation, then messages) and reads what the feed says they are.</summary>
public static class EventSource
{
    private const string Conversations = "/v1/messaging/conversations";
    private const string Events = "/v1/messaging/events";

    /// <summary>A new conversation and <paramref name="count"/> - 1 messages: <paramref name="count"/> events.</summary>
    public static async Task<string> WriteAsync(HttpClient http, int count, int padding = 0)
    {
        var id = (await PostAsync(http, Conversations, """{"surfaceId":"email"}""")).GetProperty("id").GetString()!;
        var pad = new string('x', padding);
        for (var n = 2; n <= count; n++)
        {
            await PostAsync(http, $"{Conversations}/{id}/messages", $$"""{"content":"message {{n}} {{pad}}","role":"user"}""");
        }

        return id;
    }

    /// <summary>A cursor past every event the owner has so far.</summary>
    public static async Task<string> EndOfFeedAsync(HttpClient http)
    {
        var cursor = (string?)null;
        while (true)
        {
            var (ids, next) = await PageAsync(http, cursor);
            if (ids.Count == 0)
            {
                return next;
            }

            cursor = next;
        }
    }

    /// <summary>The ids of the feed's events after <paramref name="after"/>, waiting until there are <paramref name="count"/>.</summary>
    public static async Task<List<string>> FeedAsync(HttpClient http, string after, int count)
    {
        var ids = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ids.Count < count && DateTime.UtcNow < deadline)
        {
            var (page, next) = await PageAsync(http, after);
            ids.AddRange(page);
            after = next;
            if (page.Count == 0)
            {
                await Task.Delay(50);
            }
        }

        return ids;
    }

    private static async Task<(List<string> Ids, string Next)> PageAsync(HttpClient http, string? after)
    {
        var url = after is null ? $"{Events}?limit=500" : $"{Events}?limit=500&after={Uri.EscapeDataString(after)}";
        var page = await http.GetFromJsonAsync<JsonElement>(url);
        var ids = page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        return (ids, page.GetProperty("nextCursor").GetString()!);
    }

    public static async Task<JsonElement> PostAsync(HttpClient http, string url, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(url, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
