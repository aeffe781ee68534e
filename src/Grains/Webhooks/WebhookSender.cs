using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Runtype.Grains.Events;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Webhooks;

/// <summary>What one POST to a receiver came to.</summary>
public readonly record struct SendResult(
    bool Delivered, int? StatusCode, string? Error, string? ResponseBody, double DurationMs, bool Permanent = false, bool Skipped = false);

/// <summary>
/// POSTs one event to an endpoint: the event JSON as the body, signed (<see cref="WebhookSignature"/>), through the
/// <see cref="ClientName"/> client (timeout, connect-time address guard, no redirects; registered by the host).
/// A 2xx is delivered; anything else, a timeout included, is a failure with its reason. The receiver's body is
/// read only on failure, at most <see cref="WebhookLimits.ResponseBodyBytes"/>, and never logged.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time)
{
    public const string ClientName = "Runtype.Webhooks";

    public async Task<SendResult> SendAsync(WebhookTarget target, ConversationEvent e, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(e);
        var body = EventJson.ToUtf8(e);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Webhook.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("Runtype-Event-Id", e.Id);
        request.Headers.Add("Runtype-Event-Type", EventTypes.Name(e.Type));
        request.Headers.Add("Runtype-Signature", WebhookSignature.Header(time.GetUtcNow().ToUnixTimeSeconds(), target.Secrets, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Runtype-Webhooks", "1"));

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new SendResult(true, status, null, null, Elapsed(started));
            }

            var answer = await ReadStartAsync(response, cancellation);
            var error = status is >= 300 and < 400 ? "redirects are not followed" : null;
            return new SendResult(false, status, error, answer, Elapsed(started));
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException or WebhookTargetRefusedException or IOException)
        {
            return new SendResult(false, null, Reason(ex), null, Elapsed(started));
        }
    }

    private static string Reason(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetRefusedException)
            {
                return "refused: the target resolves to no public address";
            }

            if (inner is Polly.Timeout.TimeoutRejectedException or TimeoutException or TaskCanceledException)
            {
                return "timed out";
            }
        }

        return ex is HttpRequestException http ? $"connection failed ({http.HttpRequestError})" : "connection failed";
    }

    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var buffer = new byte[WebhookLimits.ResponseBodyBytes];
        var filled = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellation);
            int read;
            while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellation)) > 0)
            {
                filled += read;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            // What arrived before the receiver went away is all there is.
        }

        if (filled == 0)
        {
            return null;
        }

        // Cut at a character boundary: an incomplete UTF-8 sequence at the end is dropped, never stored half.
        var text = new UTF8Encoding(false, false).GetString(buffer, 0, filled);
        return text.TrimEnd('\uFFFD');
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
