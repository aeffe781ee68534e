using System.Diagnostics;
using System.Net;
using System.Text;
using Runtype.Testing;

namespace Runtype.Bench;

/// <summary>
/// One client of <c>GET /v1/messaging/events/stream?types=message.created</c>, kept cheap so a thousand of them
/// do not take the cores from the server: it scans raw bytes for <c>data:</c> lines and only looks for the
/// message id (<c>"id":"msg_…"</c>, the Message inside the event) in each, timing the whole read it came in.
/// When the server closes the stream (a client that fell behind is disconnected) it reconnects with
/// <c>Last-Event-ID</c>, as the contract tells clients to, and counts it.
/// </summary>
public sealed class EventStreamReader(HttpClient client, StreamArrivals arrivals)
{
    public const string Path = "/v1/messaging/events/stream?types=message.created";

    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly byte[] _lastEventId = new byte[1024];
    private int _lastEventIdLength;

    /// <summary>Completes once the first response's headers are in: the stream is open.</summary>
    public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An authenticated client without a timeout (a stream stays open) and without a connection limit.</summary>
    public static HttpClient Client(Uri address) => new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
    {
        BaseAddress = address,
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "Authorization", ApiProcess.ApiKey } },
    };

    /// <summary>Reads, reconnecting whenever the server ends the stream, until <paramref name="cancellation"/>.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, Path);
                if (_lastEventIdLength > 0)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", Encoding.ASCII.GetString(_lastEventId, 0, _lastEventIdLength));
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"The stream answered {(int)response.StatusCode}.");
                }

                Opened.TrySetResult();
                await using var body = await response.Content.ReadAsStreamAsync(cancellation);
                await ReadAsync(body, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // The server ended the stream; the next turn resumes after the last event seen.
            }
            catch (Exception e)
            {
                Opened.TrySetException(e);
                throw;
            }

            if (cancellation.IsCancellationRequested)
            {
                return;
            }

            arrivals.Reconnects++;
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private async Task ReadAsync(Stream body, CancellationToken cancellation)
    {
        var filled = 0;
        while (true)
        {
            if (filled == _buffer.Length)
            {
                throw new InvalidOperationException("An event line is longer than the read buffer.");
            }

            var read = await body.ReadAsync(_buffer.AsMemory(filled), cancellation);
            if (read == 0)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            filled += read;
            var consumed = Scan(_buffer.AsSpan(0, filled), now);
            _buffer.AsSpan(consumed, filled - consumed).CopyTo(_buffer);
            filled -= consumed;
        }
    }

    /// <summary>Handles every complete line in <paramref name="bytes"/>; returns how many bytes that was.</summary>
    private int Scan(ReadOnlySpan<byte> bytes, long now)
    {
        var consumed = 0;
        int end;
        while ((end = bytes[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            var line = bytes.Slice(consumed, end).TrimEnd((byte)'\r');
            consumed += end + 1;
            if (line.StartsWith("data:"u8))
            {
                var id = MessageIndex.IdIn(line);
                if (!id.IsEmpty)
                {
                    arrivals.Record(id, now);
                }
            }
            else if (line.StartsWith("id:"u8))
            {
                var cursor = line[3..].TrimStart((byte)' ');
                if (cursor.Length <= _lastEventId.Length)
                {
                    cursor.CopyTo(_lastEventId);
                    _lastEventIdLength = cursor.Length;
                }
            }
        }

        return consumed;
    }
}
