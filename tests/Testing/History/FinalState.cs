using System.Text.Json;

namespace Runtype.Testing.History;

/// <summary>One conversation once the load is over: read whole, in both orders, with its events.</summary>
public sealed class FinalConversation
{
    public required ObservedConversation Detailed { get; init; }

    public required IReadOnlyList<ObservedMessage> Ascending { get; init; }

    public required IReadOnlyList<ObservedMessage> Descending { get; init; }

    /// <summary>The totalCount of every page of both listings (they must all agree).</summary>
    public required IReadOnlyList<long> TotalCounts { get; init; }

    /// <summary>The feed filtered by this conversation, from the oldest event.</summary>
    public required IReadOnlyList<ObservedEvent> Events { get; init; }
}

/// <summary>One owner's data once the load is over.</summary>
public sealed class FinalOwner
{
    public required string Owner { get; init; }

    /// <summary>The conversation listing, every page; each page's totalCount.</summary>
    public required IReadOnlyList<ObservedConversation> Listing { get; init; }

    public required IReadOnlyList<long> ListingTotalCounts { get; init; }

    public required IReadOnlyDictionary<string, FinalConversation> Conversations { get; init; }

    /// <summary>The owner's whole event feed, unfiltered.</summary>
    public required IReadOnlyList<ObservedEvent> Feed { get; init; }

    /// <summary>Known conversations the owner's reads answered 404 for (there must be none).</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>The owner's mailboxes, in a history with email.</summary>
    public FinalMail? Mail { get; init; }
}

/// <summary>
/// One owner's mail at the end: the surface's mailbox (every mail clients put there) and the customer's mailbox
/// (every mail the service sent).
/// </summary>
public sealed class FinalMail
{
    public required HistoryMailbox Mailbox { get; init; }

    public required IReadOnlyList<MailSeen> Inbox { get; init; }

    public required IReadOnlyList<MailSeen> Received { get; init; }

    /// <summary>What the settle before the final read waited for and saw (<see cref="MailSettle"/>), for the report.</summary>
    public string Settle { get; init; } = "";
}

/// <summary>
/// Reads what each owner holds, after the load and any fault are over: every conversation the listing shows or the
/// history created, every message in both orders, every event. A read that gets no answer (a cluster still settling
/// after a fault) is asked again, within a bound.
/// </summary>
public static class FinalState
{
    /// <param name="mail">The owner's mailboxes as read after the mail settled, kept with the rest.</param>
    public static async Task<FinalOwner> ReadAsync(Uri node, HistoryOwner owner, IEnumerable<string> known, TimeSpan settle, FinalMail? mail = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        using var client = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", owner.Key);
        var deadline = DateTime.UtcNow + settle;

        var listing = new List<ObservedConversation>();
        var listingTotals = new List<long>();
        string? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var root = (await GetAsync(client, Paths.Conversations + "?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), deadline)).Root!.Value;
            var pagination = root.GetProperty("pagination");
            listing.AddRange(root.GetProperty("data").EnumerateArray().Select(c => ObservedConversation.Parse(c, null)));
            listingTotals.Add(pagination.GetProperty("totalCount").GetInt64());
            if ((cursor = ObservedMessage.Text(pagination, "nextCursor")) is null)
            {
                break;
            }
        }

        var conversations = new Dictionary<string, FinalConversation>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in listing.Select(c => c.Id).Concat(known).Distinct(StringComparer.Ordinal))
        {
            var got = await GetAsync(client, Paths.Conversation(id), deadline);
            if (got.Status == 404)
            {
                missing.Add(id);
                continue;
            }

            var totals = new List<long>();
            var ascending = await MessagesAsync(client, id, "asc", totals, deadline);
            var descending = await MessagesAsync(client, id, "desc", totals, deadline);
            conversations[id] = new FinalConversation
            {
                Detailed = ObservedConversation.Parse(got.Root!.Value, got.Version),
                Ascending = ascending,
                Descending = descending,
                TotalCounts = totals,
                Events = await EventsAsync(client, id, deadline),
            };
        }

        return new FinalOwner
        {
            Owner = owner.Name, Listing = listing, ListingTotalCounts = listingTotals, Conversations = conversations,
            Feed = await EventsAsync(client, null, deadline), Missing = missing, Mail = mail,
        };
    }

    private static async Task<List<ObservedMessage>> MessagesAsync(HttpClient client, string id, string order, List<long> totals, DateTime deadline)
    {
        var messages = new List<ObservedMessage>();
        string? cursor = null;
        for (var page = 0; page < 10_000; page++)
        {
            var root = (await GetAsync(client, $"{Paths.Messages(id)}?limit=100&order={order}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), deadline)).Root!.Value;
            messages.AddRange(root.GetProperty("data").EnumerateArray().Select(ObservedMessage.Parse));
            totals.Add(root.GetProperty("totalCount").GetInt64());
            if ((cursor = ObservedMessage.Text(root, "nextCursor")) is null)
            {
                return messages;
            }
        }

        throw new InvalidOperationException($"The listing of {id} did not end.");
    }

    private static async Task<List<ObservedEvent>> EventsAsync(HttpClient client, string? conversationId, DateTime deadline)
    {
        var events = new List<ObservedEvent>();
        string? after = null;
        for (var page = 0; page < 10_000; page++)
        {
            var root = (await GetAsync(client, Paths.Events(conversationId, after, 500), deadline)).Root!.Value;
            var data = root.GetProperty("data").EnumerateArray().Select(ObservedEvent.Parse).ToList();
            events.AddRange(data);
            after = root.GetProperty("nextCursor").GetString();
            if (data.Count == 0)
            {
                return events;
            }
        }

        throw new InvalidOperationException("The event feed did not end.");
    }

    private static async Task<(int Status, JsonElement? Root, long? Version)> GetAsync(HttpClient client, string path, DateTime deadline)
    {
        for (var attempt = 0; ; attempt++)
        {
            string problem;
            try
            {
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode || (int)response.StatusCode == 404)
                {
                    var version = response.Headers.ETag is { } tag && long.TryParse(tag.Tag.Trim('"'), out var v) ? v : (long?)null;
                    return ((int)response.StatusCode, response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.Clone() : null, version);
                }

                problem = $"{(int)response.StatusCode} {body}";
                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"GET {path} answered {problem}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                problem = ex.GetType().Name;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"GET {path} got no answer before the final read's deadline: {problem}");
            }

            await Task.Delay(Math.Min(100 * (attempt + 1), 1000));
        }
    }
}
