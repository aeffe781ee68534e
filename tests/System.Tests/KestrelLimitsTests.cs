using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Runtype.Testing;

namespace Runtype.System.Tests;

/// <summary>The server's own limits, over a raw socket to the real process: what Kestrel refuses before our code runs.</summary>
public sealed class KestrelLimitsTests(KestrelLimitsTests.Server server) : IClassFixture<KestrelLimitsTests.Server>
{
    private ApiProcess Api => server.Api;

    [Fact]
    public async Task Too_many_headers_is_a_431()
    {
        var headers = string.Concat(Enumerable.Range(0, 80).Select(i => $"X-Filler-{i}: {i}\r\n"));
        var response = await SendRawAsync($"GET /health/live HTTP/1.1\r\nHost: x\r\n{headers}\r\n");
        Assert.StartsWith("HTTP/1.1 431", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_over_32_KiB_are_a_431()
    {
        var response = await SendRawAsync($"GET /health/live HTTP/1.1\r\nHost: x\r\nCookie: {new string('c', 33 * 1024)}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 431", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_line_over_8_KiB_is_a_414()
    {
        var response = await SendRawAsync($"GET /v1/messaging/conversations?q={new string('q', 9 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 414", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NUL_in_the_path_is_refused_by_the_server_with_a_400()
    {
        var response = await SendRawAsync("GET /v1/messaging/conversations/conv_%00 HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_body_over_1_MiB_is_a_413_before_it_is_sent()
    {
        var response = await SendRawAsync(
            $"POST /v1/messaging/conversations HTTP/1.1\r\nHost: x\r\nAuthorization: {ApiProcess.ApiKey}\r\nContent-Type: application/json\r\nContent-Length: {(1024 * 1024) + 1}\r\n\r\n{{");
        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_sends_headers_too_slowly_is_disconnected()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(Api.Address.Host, Api.Address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: x\r\n"));
        var clock = Stopwatch.StartNew();

        // Never finish the headers: the server must give up on us (408, then close) within its headers timeout.
        var buffer = new byte[4096];
        var received = new StringBuilder();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read;
        while ((read = await stream.ReadAsync(buffer, patience.Token)) > 0)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"still connected after {clock.Elapsed}");
        Assert.StartsWith("HTTP/1.1 408", received.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> SendRawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(Api.Address.Host, Api.Address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var read = await stream.ReadAsync(buffer, patience.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>One real server process for the whole class.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private ApiProcess? _api;

        public ApiProcess Api => _api!;

        public async Task InitializeAsync() => _api = await ApiProcess.StartAsync("memory", "");

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }
}
