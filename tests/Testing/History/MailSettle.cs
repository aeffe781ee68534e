using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Runtype.Testing.History;

/// <summary>
/// After the load, before the final read: lets one owner's mail come to rest, so that the final state and the
/// mailboxes no longer change while they are read. First a poll that began after the load (every mail in the mailbox
/// is then a message), then every delivery out of <c>pending</c>, then every <c>sent</c> mail in the customer's
/// mailbox, each waited on until seen or until <see cref="HistoryOptions.MailSettle"/> has passed (what is missing
/// then is for the checker to name). Then both mailboxes are read.
/// </summary>
public static class MailSettle
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    public static async Task<FinalMail?> SettleAsync(Uri node, HistoryOptions options, HistoryWorld world)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(world);
        if (world.Mailbox is not { } box)
        {
            return null;
        }

        using var client = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", world.Owner.Key);
        var clock = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + options.MailSettle;
        var notes = new List<string>();

        var polled = await LastPollAsync(client, box.SurfaceId, deadline);
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"{(polled ? "a poll begun after the load finished" : "NO poll after the load finished")} at {clock.Elapsed.TotalSeconds:F1}s"));

        var (sent, pending, first) = await DeliveriesAsync(client, world.EmailConversations, deadline);
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"{first}; {sent.Count} sent, {pending} still pending at {clock.Elapsed.TotalSeconds:F1}s"));

        var received = await ArrivedAsync(box.Customer, sent, deadline);
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"{received.Count} mails in the customer's mailbox at {clock.Elapsed.TotalSeconds:F1}s"));

        var inbox = await MailServer.Current.ReadInboxAsync(box.Support);
        return new FinalMail { Mailbox = box, Inbox = [.. inbox.Select(MailSeen.From)], Received = received, Settle = string.Join("; ", notes) };
    }

    /// <summary>Asks for a poll until one that began after the ask has ended well (a poll during a fault may fail; the next one repeats it).</summary>
    private static async Task<bool> LastPollAsync(HttpClient client, string surface, DateTime deadline)
    {
        // Milliseconds, as the service writes lastPollAt; one less, as it may have cut off a poll that began in this one.
        var asked = DateTime.UtcNow.AddMilliseconds(-1);
        var ask = true;
        while (DateTime.UtcNow < deadline)
        {
            if (ask)
            {
                asked = DateTime.UtcNow.AddMilliseconds(-1);
                ask = !await SucceedsAsync(() => client.PostAsync(Paths.Poll(surface), null));
            }
            else if (await SurfaceEmailAsync(client, surface) is { } email
                && ObservedMessage.Text(email, "lastPollAt") is { } at
                && DateTime.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) >= asked)
            {
                if (ObservedMessage.Text(email, "status") == "ok")
                {
                    return true;
                }

                ask = true;
            }

            await Task.Delay(Pause);
        }

        return false;
    }

    /// <summary>
    /// Reads every message of the owner's conversations on the email surface until none is pending (or the time is
    /// up); answers the Message-IDs (without brackets) of those sent, and how many were still pending.
    /// </summary>
    private static async Task<(HashSet<string> Sent, int Pending, string First)> DeliveriesAsync(HttpClient client, IReadOnlyList<string> conversations, DateTime deadline)
    {
        string? first = null;
        while (true)
        {
            var sent = new HashSet<string>(StringComparer.Ordinal);
            var pending = 0;
            var waiting = new List<string>();
            var complete = true;
            foreach (var conversation in conversations)
            {
                if (await MessagesAsync(client, conversation) is not { } messages)
                {
                    complete = false;
                    break;
                }

                foreach (var message in messages.Where(m => m.Delivery is not null))
                {
                    if (message.Delivery!.Status == "pending")
                    {
                        pending++;
                        waiting.Add(string.Create(CultureInfo.InvariantCulture, $"{message.Id} after {message.Delivery.Attempts} attempts ({message.Delivery.LastError ?? "none failed"})"));
                    }

                    if (message.Delivery.Status == "sent" && message.ExternalMessageId is { } id)
                    {
                        sent.Add(MailSeen.Bare(id));
                    }
                }
            }

            // The first look, for the report: how far sending was behind when the load ended.
            first ??= complete ? $"{pending} pending at the first look{(pending == 0 ? "" : ": " + string.Join(", ", waiting.Take(3)))}" : "the first look failed";
            if ((complete && pending == 0) || DateTime.UtcNow >= deadline)
            {
                return (sent, complete ? pending : -1, first);
            }

            await Task.Delay(Pause);
        }
    }

    /// <summary>Reads the customer's mailbox until every sent Message-ID is in it (or the time is up); answers the last read.</summary>
    private static async Task<IReadOnlyList<MailSeen>> ArrivedAsync(string customer, HashSet<string> sent, DateTime deadline)
    {
        while (true)
        {
            var received = (await MailServer.Current.ReadInboxAsync(customer)).Select(MailSeen.From).ToList();
            if (sent.IsSubsetOf(received.Select(m => m.MessageId)) || DateTime.UtcNow >= deadline)
            {
                return received;
            }

            await Task.Delay(Pause);
        }
    }

    private static async Task<List<ObservedMessage>?> MessagesAsync(HttpClient client, string conversation)
    {
        var messages = new List<ObservedMessage>();
        string? cursor = null;
        do
        {
            if (await GetAsync(client, $"{Paths.Messages(conversation)}?limit=100&order=asc" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))) is not { } root)
            {
                return null;
            }

            messages.AddRange(root.GetProperty("data").EnumerateArray().Select(ObservedMessage.Parse));
            cursor = ObservedMessage.Text(root, "nextCursor");
        }
        while (cursor is not null);

        return messages;
    }

    private static async Task<JsonElement?> SurfaceEmailAsync(HttpClient client, string surface) =>
        await GetAsync(client, Paths.Surface(surface)) is { } root && root.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.Object
            ? email
            : null;

    /// <summary>A page's JSON, or null when the service did not answer 200 (a cluster still recovering: asked again later).</summary>
    private static async Task<JsonElement?> GetAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<bool> SucceedsAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
