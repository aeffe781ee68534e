using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Runtype.Testing;

/// <summary>One POST a <see cref="WebhookReceiver"/> got: its headers, its exact body, and when it arrived.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt, int Answered)
{
    public string EventId => Headers["Runtype-Event-Id"];

    public JsonElement Event => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A real HTTP receiver on loopback (Kestrel) for webhook tests and benchmarks: it records every request and
/// answers what <see cref="Respond"/> says (a status code, after an optional delay: a long one is a timeout).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Decides each answer; the default accepts everything with 200.</summary>
    public Func<IReadOnlyDictionary<string, string>, string, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    /// <summary>The <c>Location</c> sent with a 3xx answer.</summary>
    public Uri? RedirectTo { get; set; }

    /// <summary>Called as each request arrives, before it is answered (a benchmark times arrivals with it).</summary>
    public Action<ReceivedWebhook>? OnArrival { get; set; }

    /// <summary>Every request so far, in arrival order, whatever it was answered.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => _received.ToArray();

    /// <summary>The requests answered 2xx: the deliveries.</summary>
    public IReadOnlyList<ReceivedWebhook> Delivered => _received.Where(r => r.Answered is >= 200 and < 300).ToArray();

    public static async Task<WebhookReceiver> StartAsync(string path = "/hooks")
    {
        var port = Ports.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}{path}"));
        app.MapPost(path, receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for the requests received, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Received))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver got {Received.Count} requests ({Delivered.Count} delivered) and the condition still does not hold.");
            }

            await Task.Delay(50);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        OnArrival?.Invoke(new ReceivedWebhook(headers, body, DateTimeOffset.UtcNow, 0));
        int status;
        try
        {
            status = await Respond(headers, body).WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            _received.Enqueue(new ReceivedWebhook(headers, body, DateTimeOffset.UtcNow, 0));
            return; // The sender gave up waiting (a timeout on its side).
        }

        _received.Enqueue(new ReceivedWebhook(headers, body, DateTimeOffset.UtcNow, status));
        context.Response.StatusCode = status;
        if (status is >= 300 and < 400 && RedirectTo is not null)
        {
            context.Response.Headers.Location = RedirectTo.ToString();
        }

        await context.Response.WriteAsync(status is >= 200 and < 300 ? "ok" : "receiver says no");
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
