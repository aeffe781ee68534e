using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Runtype.Bench;

/// <summary>
/// One search over HTTP, timed from send to last byte, its answer then checked against what <see cref="SearchLoad"/>
/// wrote; a wrong answer stops the run, as a fast wrong answer is no result. Every page must be newest first
/// (createdAt, then id, descending) and every hit hold the word searched.
/// </summary>
public static class SearchProbe
{
    /// <summary>The contract's default page, what a client that sends no limit gets.</summary>
    public const int PageSize = 20;

    private const string LoadedPrefix = "msg_01JC";

    /// <summary>
    /// The first page for a rare word: exactly the newest of the messages it was planted in, and a cursor if there
    /// are more. Nothing but the load ever writes a rare word, so this holds while messages are being posted too.
    /// </summary>
    public static async Task<double> RareAsync(HttpClient client, SearchData.RareWord word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var (milliseconds, hits, next) = await GetAsync(client, word.Word, cursor: null);
        Expect(word.Word, hits, word.Messages.Reverse().Take(PageSize), [word.Word]);
        if ((next is not null) != (word.Messages.Count > PageSize))
        {
            throw Wrong(word.Word, $"nextCursor is {(next is null ? "null" : "set")} with {word.Messages.Count} matches in all");
        }

        return milliseconds;
    }

    /// <summary>Every page for a rare word, cursor after cursor (untimed): exactly the messages it was planted in, newest first.</summary>
    public static async Task WalkAsync(HttpClient client, SearchData.RareWord word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var all = new List<Hit>();
        string? cursor = null;
        do
        {
            (_, var hits, cursor) = await GetAsync(client, word.Word, cursor);
            all.AddRange(hits);
        }
        while (cursor is not null && all.Count <= word.Messages.Count);

        Expect(word.Word, all, word.Messages.Reverse(), [word.Word]);
    }

    /// <summary>
    /// The first page for the common word: a full page with a cursor, each hit holding one of the word's forms. The
    /// loaded messages on it are the newest loaded matches, after any posted since the load (which are newer); with
    /// <paramref name="loadedOnly"/> nothing was posted, so the page is exactly those.
    /// </summary>
    public static async Task<double> CommonAsync(HttpClient client, SearchData data, bool loadedOnly)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (milliseconds, hits, next) = await GetAsync(client, data.CommonWord, cursor: null);
        if (hits.Count != PageSize || next is null)
        {
            throw Wrong(data.CommonWord, $"{hits.Count} hits and nextCursor {(next is null ? "null" : "set")}, with {data.CommonMatches:N0} matches loaded");
        }

        var loaded = hits.Count(h => h.Id.StartsWith(LoadedPrefix, StringComparison.Ordinal));
        if (loadedOnly && loaded != PageSize)
        {
            throw Wrong(data.CommonWord, $"{PageSize - loaded} hits that the load did not write");
        }

        Expect(data.CommonWord, hits[^loaded..], data.CommonNewest.Take(loaded), data.CommonForms);
        Expect(data.CommonWord, hits, null, data.CommonForms);
        return milliseconds;
    }

    private readonly record struct Hit(string Id, string Content, string CreatedAt);

    /// <summary>
    /// The hits are in order, each holds one of <paramref name="forms"/> as a word, and (unless null) they are the
    /// loaded messages <paramref name="expected"/> in that order.
    /// </summary>
    private static void Expect(string q, List<Hit> hits, IEnumerable<int>? expected, IEnumerable<string> forms)
    {
        if (expected?.Select(SearchData.MessageIdOf).ToList() is { } ids && !ids.SequenceEqual(hits.Select(h => h.Id)))
        {
            throw Wrong(q, $"{hits.Count} hits, not the {ids.Count} expected: got [{string.Join(", ", hits.Take(5).Select(h => h.Id))}, ...], " +
                $"expected [{string.Join(", ", ids.Take(5))}, ...]");
        }

        var wanted = forms.Select(f => f.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < hits.Count; i++)
        {
            if (!Words(hits[i].Content).Any(wanted.Contains))
            {
                throw Wrong(q, $"hit {hits[i].Id} does not hold the word: \"{hits[i].Content}\"");
            }

            if (i > 0 && Compare(hits[i - 1], hits[i]) <= 0)
            {
                throw Wrong(q, $"hit {hits[i].Id} ({hits[i].CreatedAt}) is not older than the one before it ({hits[i - 1].Id}, {hits[i - 1].CreatedAt})");
            }
        }
    }

    private static int Compare(Hit a, Hit b)
    {
        // Both times are written at one fixed width (Timestamps.Format), so text order is time order.
        var byTime = string.CompareOrdinal(a.CreatedAt, b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    }

    private static IEnumerable<string> Words(string content) =>
        content.Split(content.Where(c => !char.IsLetter(c)).Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.ToLowerInvariant());

    private static async Task<(double Milliseconds, List<Hit> Hits, string? Next)> GetAsync(HttpClient client, string q, string? cursor)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v1/messaging/search/messages?q={Uri.EscapeDataString(q)}&limit={PageSize}")
            + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw Wrong(q, $"answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 500)))}");
        }

        using var page = JsonDocument.Parse(body);
        var hits = page.RootElement.GetProperty("data").EnumerateArray().Select(h => h.GetProperty("message")).Select(m => new Hit(
            m.GetProperty("id").GetString()!, m.GetProperty("content").GetString()!, m.GetProperty("createdAt").GetString()!)).ToList();
        var next = page.RootElement.GetProperty("nextCursor");
        return (milliseconds, hits, next.ValueKind == JsonValueKind.String ? next.GetString() : null);
    }

    private static InvalidOperationException Wrong(string q, string what) => new($"search scenario: q={q}: {what}.");
}
