using System.Text.Json;
using Runtype.Testing;

namespace Runtype.Api.Tests.Email;

/// <summary>Waits on what the API shows (conversations of a surface, a message's delivery, a surface's status), polling it briefly.</summary>
internal static class MailboxProbe
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds; fails with the last value after <see cref="Patience"/>.</summary>
    public static Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) => Eventually.UntilAsync(read, done, what, Patience);

    /// <summary>The surface's conversations with their messages (oldest first), once there are <paramref name="count"/> messages in all.</summary>
    public static Task<List<(JsonElement Conversation, List<JsonElement> Messages)>> ConversationsAsync(HttpClient client, string surface, int count) =>
        UntilAsync(() => ReadAllAsync(client, surface), all => all.Sum(c => c.Messages.Count) >= count, $"{count} messages on surface {surface}");

    public static async Task<List<(JsonElement Conversation, List<JsonElement> Messages)>> ReadAllAsync(HttpClient client, string surface)
    {
        var list = await client.ReadJsonAsync($"/v1/messaging/conversations?surfaceId={surface}&limit=100");
        var all = new List<(JsonElement, List<JsonElement>)>();
        foreach (var conversation in list.GetProperty("data").EnumerateArray().Reverse())
        {
            var page = await client.ReadJsonAsync($"/v1/messaging/conversations/{conversation.Id()}/messages?limit=100");
            all.Add((conversation, page.GetProperty("data").EnumerateArray().ToList()));
        }

        return all;
    }

    /// <summary>Asks for a poll and waits until the surface has polled after the request was made.</summary>
    public static async Task<JsonElement> PollAsync(HttpClient client, string surface)
    {
        var now = DateTime.UtcNow;
        var asked = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        using var response = await client.PostAsync($"/v1/messaging/surfaces/{surface}/poll", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await UntilAsync(() => client.ReadJsonAsync($"/v1/messaging/surfaces/{surface}"),
            s => s.GetProperty("email").GetProperty("lastPollAt") is { ValueKind: JsonValueKind.String } at && at.GetDateTime().ToUniversalTime() >= asked,
            $"a poll of {surface}");
    }
}
