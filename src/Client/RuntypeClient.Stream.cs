using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Runtype.Client;

public sealed partial class RuntypeClient
{
    private static readonly JsonSerializerOptions StreamJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// How long the stream may be silent before the connection is taken for dead and reopened: the server sends a
    /// keep-alive at least every 15 seconds, so three missed ones mean a half-open connection, not a quiet owner.
    /// </summary>
    internal TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The longest wait between two reconnect attempts (before jitter).</summary>
    internal TimeSpan StreamMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The owner's events as they are committed (<c>GET /v1/messaging/events/stream</c>), each with its
    /// <see cref="RuntypeEvent.Cursor"/>. It runs until <paramref name="cancellationToken"/> is cancelled: when the
    /// connection ends or fails (the server closed it, it read too slowly, the network or a 5xx), it reconnects after a
    /// short jittered backoff with <c>Last-Event-ID</c> set to the last event it yielded, so no event is skipped or
    /// yielded twice. An answer no retry can change (400 bad cursor, 410 expired cursor, 401, 403) is thrown.
    /// </summary>
    /// <param name="after">Start after this cursor (from the feed or an earlier stream); null starts at the oldest retained event.</param>
    /// <param name="conversationId">Only this conversation's events.</param>
    /// <param name="types">Only these event types.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    public async IAsyncEnumerable<RuntypeEvent> StreamEventsAsync(
        string? after = null, string? conversationId = null, IReadOnlyList<string>? types = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var url = StreamUrl(after, conversationId, types);
        string? lastYielded = null;
        var failures = 0;
        while (true)
        {
            var (response, retryAfter) = await ConnectAsync(url, lastYielded, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                using (response)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    using var reader = await OpenBodyAsync(response, idle, cancellationToken).ConfigureAwait(false);
                    while (reader is not null && await NextEventAsync(reader, idle, cancellationToken).ConfigureAwait(false) is { } next)
                    {
                        lastYielded = next.Cursor ?? lastYielded;
                        failures = 0;
                        yield return next;
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            failures++;
            await Task.Delay(Backoff(failures, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string StreamUrl(string? after, string? conversationId, IReadOnlyList<string>? types)
    {
        var query = new StringBuilder(ApiRoutes.Path(ApiRoutes.EventStream));
        var separator = '?';
        void Add(string name, string value)
        {
            query.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        if (after is not null)
        {
            Add("after", after);
        }

        if (conversationId is not null)
        {
            Add("conversationId", conversationId);
        }

        if (types is { Count: > 0 })
        {
            Add("types", string.Join(',', types));
        }

        return query.ToString();
    }

    /// <summary>The open stream, or no response (with the server's Retry-After, if any) when trying again may help.</summary>
    private async Task<(HttpResponseMessage? Response, TimeSpan? RetryAfter)> ConnectAsync(
        string url, string? lastYielded, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastYielded is not null)
        {
            // The header wins over the URL's after=, as it does for a browser's EventSource.
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastYielded);
        }

        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            return (null, null);
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            return (response, null);
        }

        using (response)
        {
            if (StreamFailure.IsFinal(response.StatusCode))
            {
                throw await StreamFailure.ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var retryAfter = response.Headers.RetryAfter;
            return (null, retryAfter?.Delta ?? (retryAfter?.Date - DateTimeOffset.UtcNow));
        }
    }

    private async Task<SseEventReader?> OpenBodyAsync(HttpResponseMessage response, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        try
        {
            idle.CancelAfter(StreamIdleTimeout);
            return new SseEventReader(await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false));
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            return null;
        }
    }

    /// <summary>The next event, or null when this connection is over (ended, cut, or silent too long).</summary>
    private async Task<RuntypeEvent?> NextEventAsync(SseEventReader reader, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        SseEventReader.Item? item;
        try
        {
            item = await reader.NextAsync(() => idle.CancelAfter(StreamIdleTimeout), idle.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            return null;
        }

        if (item is null)
        {
            return null;
        }

        var parsed = JsonSerializer.Deserialize<RuntypeEvent>(item.Data, StreamJson)
            ?? throw new InvalidDataException($"The event stream sent an event without a body (id {item.Id}).");
        return parsed with { Cursor = item.Id };
    }

    /// <summary>A failure of the connection, not the caller's cancellation: worth a reconnect.</summary>
    private static bool IsConnectionFailure(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is IOException or HttpRequestException or OperationCanceledException;

    private TimeSpan Backoff(int failures, TimeSpan? retryAfter)
    {
        // 250 ms doubled per failure in a row, at most StreamMaxBackoff, then a random half to whole of it so many
        // clients cut off together (a node restarting) do not come back together.
        var exponential = TimeSpan.FromMilliseconds(250 * Math.Pow(2, Math.Min(failures - 1, 16)));
        var delay = exponential < StreamMaxBackoff ? exponential : StreamMaxBackoff;
        delay *= 0.5 + (Random.Shared.NextDouble() / 2);
        return retryAfter is { } asked && asked > delay ? (asked < TimeSpan.FromMinutes(1) ? asked : TimeSpan.FromMinutes(1)) : delay;
    }
}
