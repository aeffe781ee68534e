using System.Diagnostics;
using System.Text.Json;

namespace Runtype.Bench;

/// <summary>
/// GET /v1/messaging/events as a client uses it: walk the feed by nextCursor (an opaque cursor signed for the owner and
/// the filters, not an event id), then poll from where the walk ended; and timed redactions. Every answer is checked:
/// a scenario that measured errors would report nonsense.
/// </summary>
public static class EventFeed
{
    public const int PageSize = 500;

    /// <summary>
    /// Follows nextCursor from <paramref name="after"/> (the start when null) until a page comes back empty, which
    /// means caught up: a page that is not full already moves the cursor past everything the read examined, so the
    /// empty page costs one request more. <paramref name="each"/> sees every event. Returns the last cursor and how
    /// many events came.
    /// </summary>
    public static async Task<(string Cursor, long Count)> WalkAsync(HttpClient client, string filter, string? after, Action<JsonElement>? each = null)
    {
        var count = 0L;
        while (true)
        {
            var (events, next) = await PageAsync(client, Path(filter, after, PageSize));
            foreach (var e in events)
            {
                each?.Invoke(e);
            }

            count += events.Count;
            after = next;
            if (events.Count == 0)
            {
                return (after, count);
            }
        }
    }

    /// <summary>
    /// <paramref name="polls"/> reads of one event after <paramref name="cursor"/> (caught up: each must find none),
    /// <paramref name="inFlight"/> at a time, after one untimed batch (the API's and the connections' first use of the
    /// statement); each timed from send to last byte, in milliseconds.
    /// </summary>
    public static async Task<List<double>> PollAsync(HttpClient client, string filter, string cursor, int polls, int inFlight)
    {
        var path = Path(filter, cursor, 1);
        await InParallelAsync(inFlight, inFlight, async _ => await PageAsync(client, path, mustBeEmpty: true));
        return await InParallelAsync(polls, inFlight, async _ =>
        {
            var started = Stopwatch.GetTimestamp();
            await PageAsync(client, path, mustBeEmpty: true);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
    }

    /// <summary>
    /// Redacts one message of each conversation, <paramref name="inFlight"/> at a time, each timed from send to last
    /// byte. Every conversation is read first, untimed, so its grain is active and the figure is the redaction's.
    /// </summary>
    public static async Task<List<double>> RedactAsync(HttpClient client, IReadOnlyList<(long Conversation, int Position)> messages, int inFlight)
    {
        foreach (var (conversation, _) in messages)
        {
            using var response = await client.GetAsync($"/v1/messaging/conversations/{BulkLoad.ConversationIdOf(conversation)}");
            await EnsureAsync(response, "activating a conversation");
        }

        return await InParallelAsync(messages.Count, inFlight, async i =>
        {
            var (conversation, position) = messages[i];
            var started = Stopwatch.GetTimestamp();
            using var response = await client.DeleteAsync(
                $"/v1/messaging/conversations/{BulkLoad.ConversationIdOf(conversation)}/messages/{EventLoad.MessageIdOf(conversation, position)}");
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Redaction answered {(int)response.StatusCode}: {body}");
            }

            using var message = JsonDocument.Parse(body);
            if (message.RootElement.GetProperty("content").GetString() != "" || message.RootElement.GetProperty("redactedAt").ValueKind != JsonValueKind.String)
            {
                throw new InvalidOperationException($"Redaction answered {(int)response.StatusCode} with a message that is not redacted: {body}");
            }

            return elapsed;
        });
    }

    /// <summary>The path of a feed read; <paramref name="filter"/> is the query's filters (empty for none).</summary>
    public static string Path(string filter, string? after, int limit) =>
        "/v1/messaging/events?" + string.Join('&', new[] { filter, $"limit={limit}", after is null ? "" : "after=" + Uri.EscapeDataString(after) }
            .Where(p => p.Length > 0));

    /// <summary>One page: its events (cloned, so they outlive the document) and its nextCursor.</summary>
    public static async Task<(List<JsonElement> Events, string Next)> PageAsync(HttpClient client, string path, bool mustBeEmpty = false)
    {
        using var response = await client.GetAsync(path);
        var body = await EnsureAsync(response, "GET " + path);
        using var page = JsonDocument.Parse(body);
        var events = page.RootElement.GetProperty("data").EnumerateArray().Select(e => e.Clone()).ToList();
        if (mustBeEmpty && events.Count > 0)
        {
            throw new InvalidOperationException($"A caught-up poll ({path}) returned {events.Count} event(s): {events[0].GetRawText()}");
        }

        return (events, page.RootElement.GetProperty("nextCursor").GetString()
            ?? throw new InvalidOperationException($"GET {path} answered a null nextCursor."));
    }

    private static async Task<string> EnsureAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {body}");
    }

    /// <summary>Runs <paramref name="count"/> calls of <paramref name="call"/> (given 0, 1, ...) by <paramref name="workers"/> workers.</summary>
    private static async Task<List<T>> InParallelAsync<T>(int count, int workers, Func<int, Task<T>> call)
    {
        var results = new T[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                results[i] = await call(i);
            }
        }));
        return [.. results];
    }
}
