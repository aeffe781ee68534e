using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Runtype.Client.Tests;

/// <summary>
/// Lets the first POST reach the server and be processed, then throws its answer away and fails as if the connection
/// died before the answer arrived. Records the Idempotency-Key of every attempt and the id in the lost answer.
/// </summary>
internal sealed class DropFirstPostAnswer : DelegatingHandler
{
    private int _dropped;

    public ConcurrentQueue<string?> Keys { get; } = new();

    public string? LostId { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        Keys.Enqueue(request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null);
        var response = await base.SendAsync(request, cancellationToken);
        if (Interlocked.Exchange(ref _dropped, 1) == 1)
        {
            return response;
        }

        using (response)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            LostId = body.RootElement.GetProperty("id").GetString();
        }

        throw new HttpRequestException("The connection was reset before the answer arrived (simulated).");
    }
}

/// <summary>What a client that made its key per attempt (below the retry pipeline) would send: a new key every time.</summary>
internal sealed class NewKeyPerAttempt : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Remove("Idempotency-Key"))
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Answers the first <paramref name="failures"/> attempts itself with <paramref name="status"/> (and Retry-After), then lets requests through.</summary>
internal sealed class FailFirst(int failures, HttpStatusCode status, TimeSpan? retryAfter = null, TimeSpan? hang = null) : DelegatingHandler
{
    private int _attempts;

    public int Attempts => _attempts;

    public List<DateTimeOffset> Times { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Times)
        {
            Times.Add(DateTimeOffset.UtcNow);
        }

        if (Interlocked.Increment(ref _attempts) > failures)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (hang is { } delay)
        {
            await Task.Delay(delay, cancellationToken);
        }

        var response = new HttpResponseMessage(status) { RequestMessage = request };
        if (retryAfter is { } after)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
        }

        return response;
    }
}

/// <summary>Counts the attempts that get past the client's retry pipeline toward the server.</summary>
internal sealed class CountRequests : DelegatingHandler
{
    private int _count;

    public int Count => _count;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Stands in for the server: keeps the last request's address and answers an empty page of search hits.</summary>
internal sealed class AnswerEmptySearch : HttpMessageHandler
{
    public Uri? LastUri { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastUri = request.RequestUri;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StringContent("""{"data":[],"nextCursor":null}""", System.Text.Encoding.UTF8, "application/json"),
        });
    }
}

/// <summary>Keeps the body of every request sent and every answer received, as the wire carried them.</summary>
internal sealed class RecordBodies : DelegatingHandler
{
    public ConcurrentQueue<string> Sent { get; } = new();

    public ConcurrentQueue<string> Answered { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sent.Enqueue(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        Answered.Enqueue(await response.Content.ReadAsStringAsync(cancellationToken));
        return response;
    }
}
