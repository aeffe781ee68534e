using System.Diagnostics;
using System.Text.Json;

namespace Runtype.System.Tests;

/// <summary>
/// Follows <c>GET /v1/messaging/events/stream</c> like a real SSE client: whenever the connection ends or fails it
/// connects again with the last <c>id:</c> it saw as <c>Last-Event-ID</c>, and counts how often it had to.
/// </summary>
internal sealed class StreamFollower(HttpClient client) : IDisposable
{
    public const string Path = "/v1/messaging/events/stream";

    private readonly Lock _gate = new();
    private readonly List<Received> _events = [];
    private CancellationTokenSource? _connection;
    private string? _lastId;

    /// <summary>One event as it arrived; <c>DataId</c> is <c>data.id</c> (the message's id for message.created), empty for an event without one (messages.imported).</summary>
    public sealed record Received(string EventId, string Type, string ConversationId, long Sequence, string DataId, long At);

    public int Reconnects { get; private set; }

    public IReadOnlyList<Received> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Drops the current connection, as a client whose network blipped; it resumes from its last id.</summary>
    public void Hop()
    {
        lock (_gate)
        {
            _connection?.Cancel();
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
            lock (_gate)
            {
                _connection = connection;
            }

            try
            {
                await ReadOneConnectionAsync(connection.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
            {
                // The server, the network or this client ended the connection; resume below.
            }

            lock (_gate)
            {
                _connection = null;
            }

            if (!stop.IsCancellationRequested)
            {
                Reconnects++;
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    private async Task ReadOneConnectionAsync(CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path);
        if (_lastId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", _lastId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        if (!response.IsSuccessStatusCode)
        {
            // A 503 while the cluster settles: try again like any client.
            throw new InvalidOperationException($"stream answered {(int)response.StatusCode}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation));
        string? id = null, data = null;
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
            else if (line.Length == 0 && id is not null && data is not null)
            {
                Record(id, data);
                (id, data) = (null, null);
            }
        }
    }

    private void Record(string id, string data)
    {
        var json = JsonDocument.Parse(data).RootElement;
        var received = new Received(
            json.GetProperty("id").GetString()!,
            json.GetProperty("type").GetString()!,
            json.GetProperty("conversationId").GetString()!,
            json.GetProperty("sequence").GetInt64(),
            json.GetProperty("data").TryGetProperty("id", out var dataId) ? dataId.GetString()! : "",
            Stopwatch.GetTimestamp());
        lock (_gate)
        {
            _events.Add(received);
            _lastId = id;
        }
    }

    public void Dispose() => client.Dispose();
}
