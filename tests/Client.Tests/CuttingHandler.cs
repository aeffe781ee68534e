using System.Collections.Concurrent;

namespace Runtype.Client.Tests;

/// <summary>
/// Cuts the first <paramref name="cuts"/> event-stream responses after <paramref name="events"/> whole events and a
/// few bytes of the next one (an IOException, as a dropped connection gives), records every request's
/// <c>Last-Event-ID</c> (null when absent) and status, and counts the keep-alive comments read from every stream.
/// </summary>
public sealed class CuttingHandler(int events, int cuts) : DelegatingHandler
{
    private int _cut;
    private int _keepAlives;

    public ConcurrentQueue<(string? LastEventId, int Status)> Requests { get; } = new();

    /// <summary>The keep-alive comments the client has read so far, from every event-stream response.</summary>
    public int KeepAlives => Volatile.Read(ref _keepAlives);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var lastEventId = request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null;
        var response = await base.SendAsync(request, cancellationToken);
        Requests.Enqueue((lastEventId, (int)response.StatusCode));
        if (response.IsSuccessStatusCode && request.RequestUri!.AbsolutePath.EndsWith("/stream", StringComparison.Ordinal))
        {
            var inner = response.Content;
            var cutAfter = Interlocked.Increment(ref _cut) <= cuts ? events : (int?)null;
            var cut = new StreamContent(new CutStream(await inner.ReadAsStreamAsync(cancellationToken), cutAfter, () => Interlocked.Increment(ref _keepAlives)));
            foreach (var header in inner.Headers)
            {
                cut.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = cut;
        }

        return response;
    }

    /// <summary>
    /// Passes bytes through until <c>events</c> whole events and 5 bytes of what follows, then fails (never, when
    /// <c>events</c> is null), and calls <c>keepAlive</c> at the end of each comment block.
    /// </summary>
    private sealed class CutStream(Stream inner, int? events, Action keepAlive) : Stream
    {
        private int _ends;
        private int _extra = -1;
        private byte _previous;
        private bool _atBlockStart = true;
        private bool _inEvent;
        private bool _inComment;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_extra == 0)
            {
                throw new IOException("The test cut the connection.");
            }

            var read = await inner.ReadAsync(buffer, cancellationToken);
            var span = buffer.Span[..read];
            for (var i = 0; i < span.Length; i++)
            {
                if (_extra > 0 && --_extra == 0)
                {
                    return i + 1;
                }

                // A block that starts with "id:" is an event; one that starts with ":" a keep-alive comment.
                if (_atBlockStart)
                {
                    _inEvent = span[i] == 'i';
                    _inComment = span[i] == ':';
                    _atBlockStart = false;
                }

                if (span[i] == '\n' && _previous == '\n')
                {
                    _atBlockStart = true;
                    if (_inComment)
                    {
                        keepAlive();
                    }

                    if (_inEvent && _extra < 0 && ++_ends == events)
                    {
                        _extra = 5;
                    }
                }

                _previous = span[i];
            }

            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
