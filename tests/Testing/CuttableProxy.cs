using System.Net;
using System.Net.Sockets;

namespace Runtype.Testing;

/// <summary>
/// A TCP forwarder in front of a database (on loopback, or on an address of a test's own network namespace link), so a
/// test can make the database unreachable (every open connection dropped, new ones refused) and bring it back, without
/// touching the server other tests share; also how processes in network namespaces reach servers on loopback.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly IPAddress _listenOn;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource _accepting = new();
    private ArmedCut? _armed;
    private volatile bool _holdingAnswers;

    /// <param name="listenOn">The address to accept connections on; loopback when not given.</param>
    public CuttableProxy(string targetHost, int targetPort, IPAddress? listenOn = null)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(targetHost).First(a => a.AddressFamily == AddressFamily.InterNetwork), targetPort);
        _listenOn = listenOn ?? IPAddress.Loopback;
        Port = Listen(0);
    }

    public int Port { get; }

    /// <summary>Drops every connection and refuses new ones.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _accepting.Cancel();
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                // A pump that saw its peer close has already disposed the client (and dropped its socket).
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>
    /// Arms a cut at the worst moment for a writer: the next bytes from a client that contain
    /// <paramref name="marker"/> (a COMMIT, say) are delivered to the server, the server's answer is held back,
    /// and after <paramref name="settle"/> (time for the server to act) every connection is cut. The client can
    /// then not know whether the server acted. The returned task completes when the cut has happened.
    /// </summary>
    /// <param name="applied">
    /// When given, the cut comes as soon as this reports the server has applied the write (read past the proxy), and
    /// <paramref name="settle"/> is only the longest wait: a loaded machine does not turn the test into a race.
    /// </param>
    public Task CutAfterAsync(string marker, TimeSpan settle, Func<Task<bool>>? applied = null)
    {
        var armed = new ArmedCut(System.Text.Encoding.ASCII.GetBytes(marker), settle, applied, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Volatile.Write(ref _armed, armed);
        return armed.Done.Task;
    }

    /// <summary>Accepts connections again on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _accepting = new CancellationTokenSource();
            Listen(Port);
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(_listenOn, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        var token = _accepting.Token;
        _ = Task.Run(() => AcceptAsync(listener, token));
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_target, token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_gate)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound, toServer: true);
            _ = PumpAsync(outbound, inbound, toServer: false);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toServer)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                if (!toServer && _holdingAnswers)
                {
                    continue;
                }

                var armed = toServer ? Volatile.Read(ref _armed) : null;
                if (armed is not null && buffer.AsSpan(0, read).IndexOf(armed.Marker) >= 0 && Interlocked.CompareExchange(ref _armed, null, armed) == armed)
                {
                    // The rest of the client's message (a long statement arrives in several reads, its Sync last)
                    // keeps flowing to the server while it settles; only the answers are held back.
                    _holdingAnswers = true;
                    _ = CutLaterAsync(armed);
                }

                await target.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    private async Task CutLaterAsync(ArmedCut armed)
    {
        if (armed.Applied is null)
        {
            await Task.Delay(armed.Settle);
        }
        else
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (waited.Elapsed < armed.Settle && !await armed.Applied())
            {
                await Task.Delay(20);
            }
        }

        Cut();
        _holdingAnswers = false;
        armed.Done.TrySetResult();
    }

    private sealed record ArmedCut(byte[] Marker, TimeSpan Settle, Func<Task<bool>>? Applied, TaskCompletionSource Done);
}
