using System.Net.Http.Headers;
using System.Text;

namespace Runtype.Testing.History;

/// <summary>An answer, or the lack of one (<see cref="Status"/> 0 and <see cref="Error"/>).</summary>
public sealed record Answer(int Status, string Body, string? ETag, bool Replayed, bool HasRetryAfter, string? Error)
{
    public bool IsSuccess => Status is >= 200 and < 300 && Error is null;

    /// <summary>The server said another request with this Idempotency-Key is still running: ask again.</summary>
    public bool InFlight => Status == 409 && HasRetryAfter;

    /// <summary>No answer, or one that does not say whether the write happened.</summary>
    public bool OutcomeUnknown => Status == 0 || Status >= 500 || (Status is >= 200 and < 300 && Error is not null);

    public bool SaidNothingWritten => Status == 503 && Body.Contains("nothing was written", StringComparison.Ordinal);

    /// <summary>The version an ETag header carries (<c>"7"</c>).</summary>
    public long? Version => ETag is { Length: > 2 } tag && long.TryParse(tag.Trim('W', '/').Trim('"'), out var version) ? version : null;
}

/// <summary>When an exchange is repeated: never (a write nothing makes safe to repeat), or on any answer of unknown outcome.</summary>
public enum Retry
{
    /// <summary>Repeat only what the server says was not applied (a 503 saying nothing was written), as a client would.</summary>
    WhenNotApplied,

    /// <summary>Repeat on any unknown outcome: the request carries an Idempotency-Key or externalMessageId, or only reads.</summary>
    UntilResolved,
}

/// <summary>
/// One client's HTTP: an HttpClient per API node (a load balancer's choice: the client's own node first, the next one
/// after a failure), every exchange recorded on its operation, retries bounded by the options' time to resolve.
/// </summary>
public sealed class HistoryHttp : IDisposable
{
    private readonly HttpClient[] _clients;
    private readonly HistoryRecorder _recorder;
    private readonly HistoryOptions _options;
    private readonly Random _jitter;
    private int _node;

    public HistoryHttp(HistoryOptions options, HistoryRecorder recorder, string apiKey, int preferredNode, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _recorder = recorder;
        _node = ((preferredNode % options.Nodes.Count) + options.Nodes.Count) % options.Nodes.Count;
        _jitter = new Random(seed);
        _clients = options.Nodes.Select(node =>
        {
            var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
            {
                BaseAddress = node,
                Timeout = options.RequestTimeout,
            };
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", apiKey);
            return client;
        }).ToArray();
    }

    /// <summary>
    /// Sends <paramref name="build"/> until it gets an answer it may stop at: any answer other than an in-flight 409, and
    /// with <see cref="Retry.UntilResolved"/> any answer of known outcome, or until the time to resolve is spent.
    /// </summary>
    public async Task<Answer> ExchangeAsync(Operation op, int lane, Func<HttpRequestMessage> build, Retry retry, bool keepBody = true)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(build);
        var deadline = DateTime.UtcNow + _options.ResolveWithin;
        for (var attempt = 0; ; attempt++)
        {
            var node = Volatile.Read(ref _node);
            var start = _recorder.Now();
            var answer = await SendAsync(_clients[node], build);
            var end = _recorder.Now();
            op.Add(new Attempt(lane, node, start, end, answer.Status, answer.Error, keepBody || !answer.IsSuccess ? answer.Body : null, answer.Replayed));
            if (answer.OutcomeUnknown)
            {
                _recorder.CountUnknownAnswer();
                // A load balancer sends the next try elsewhere.
                Interlocked.CompareExchange(ref _node, (node + 1) % _clients.Length, node);
            }

            // A 2xx whose body cannot be read is not asked again: its key would replay it.
            var again = answer.InFlight || answer.Status == 429
                || (answer.OutcomeUnknown && answer.Status is < 200 or >= 300 && (retry == Retry.UntilResolved || answer.SaidNothingWritten));
            if (!again || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            // A short backoff with jitter between tries: the answer (or its absence) is what was waited on.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * (1 << Math.Min(attempt, 4)), 500) + _jitter.Next(0, 50)));
        }
    }

    private static bool IsJson(string body)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(body);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, string body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static async Task<Answer> SendAsync(HttpClient client, Func<HttpRequestMessage> build)
    {
        try
        {
            using var request = build();
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new Answer(
                (int)response.StatusCode, body, response.Headers.ETag?.ToString(),
                response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"),
                response.Headers.RetryAfter is not null, (int)response.StatusCode is >= 200 and < 500 and not 204 && !IsJson(body) ? "unreadable body" : null);
        }
        catch (HttpRequestException ex)
        {
            return new Answer(0, "", null, false, false, "connection: " + (ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString()));
        }
        catch (TaskCanceledException)
        {
            return new Answer(0, "", null, false, false, "timeout");
        }
        catch (IOException ex)
        {
            return new Answer(0, "", null, false, false, "io: " + ex.Message);
        }
    }
}

/// <summary>The requests the history sends, one place for their paths.</summary>
internal static class Paths
{
    public const string Conversations = "/v1/messaging/conversations";

    public static string Conversation(string id) => $"{Conversations}/{id}";

    public static string Messages(string id) => $"{Conversations}/{id}/messages";

    public static string Message(string id, string messageId) => $"{Conversations}/{id}/messages/{messageId}";

    public static string Import(string id) => $"{Conversations}/{id}/messages/import";

    public static string Surface(string id) => $"/v1/messaging/surfaces/{id}";

    public static string Poll(string id) => $"/v1/messaging/surfaces/{id}/poll";

    public static string Events(string? conversationId, string? after, int limit) =>
        "/v1/messaging/events?limit=" + limit + (conversationId is null ? "" : "&conversationId=" + conversationId)
        + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));

    public static MediaTypeWithQualityHeaderValue JsonType { get; } = new("application/json");
}
