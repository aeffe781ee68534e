using System.Security.Cryptography;
using Runtype.Api.Auth;
using Runtype.Api.Cluster;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Telemetry;

namespace Runtype.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> extension for POSTs. Runs after authorization, so the key is scoped to the
/// caller's owner. The first request's response (any status below 500) is kept for 24 hours and replayed for
/// the same key and body; the same key with another body or path is a 422. A 5xx releases the key so the
/// client can retry; the retry creates under the id the first attempt reserved (<see cref="IdempotencyReservation"/>),
/// so a first attempt that did commit is found, not repeated.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, GrainReferences grains, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(HeaderName, out var values)
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > FieldLimits.IdempotencyKey || key.Any(char.IsControl))
        {
            await ApiProblems.Validation(HeaderName, $"Must be given once, 1 to {FieldLimits.IdempotencyKey} characters, without control characters.").ExecuteAsync(context);
            return;
        }

        context.Request.EnableBuffering(JsonBody.MaxBytes + 1);
        var fingerprint = await FingerprintAsync(context.Request);
        var grain = grains.Get<IIdempotencyGrain>(GrainKeys.Compose(context.User.Owner(), key));
        var claim = await grain.Claim(fingerprint);
        switch (claim.Outcome)
        {
            case IdempotencyClaimOutcome.Replay:
                RuntypeMetrics.IdempotentReplays.Add(1);
                await ReplayAsync(context, claim.Response!, grains);
                return;
            case IdempotencyClaimOutcome.Mismatch:
                await ApiProblems.Unprocessable("This Idempotency-Key was already used with a different request.").ExecuteAsync(context);
                return;
            case IdempotencyClaimOutcome.InFlight:
                // Transient: the first request is still running. Retry-After tells a client (ours retries on it) when to ask again.
                context.Response.Headers.RetryAfter = "1";
                await ApiProblems.Conflict("A request with this Idempotency-Key is still being processed; retry later.").ExecuteAsync(context);
                return;
        }

        context.Features.Set(new IdempotencyReservation(claim.ReservedId!));
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            await ReleaseQuietlyAsync(grain, fingerprint);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        await RememberAsync(context, grain, fingerprint, captured.ToArray());
        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private async Task RememberAsync(HttpContext context, IIdempotencyGrain grain, string fingerprint, byte[] body)
    {
        var response = context.Response;
        var message = context.Features.Get<MessageReference>();
        // A client that went away while the answer was made may have left it unwritten (the JSON writer gives up on an
        // aborted request without a word): an empty body would be replayed for 24 hours. The key is freed instead, and a
        // retry runs again under the same reserved id, so it finds what this attempt created.
        var unwritten = context.RequestAborted.IsCancellationRequested || (body.Length == 0 && message is null && response.StatusCode != StatusCodes.Status204NoContent);
        if (response.StatusCode >= 500 || unwritten)
        {
            await ReleaseQuietlyAsync(grain, fingerprint);
            return;
        }

        try
        {
            await grain.Complete(fingerprint, new StoredResponse
            {
                StatusCode = response.StatusCode,
                ContentType = response.ContentType,
                Location = response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                ETag = response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                // A message is kept by reference and rendered again on replay: its content may be redacted meanwhile.
                Body = message is null ? body : [],
                Message = message,
            });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The write itself succeeded and its response stands; only a retry could repeat it.
            logger.LogWarning(ex, "Could not record the response of an idempotent request; a retry with the same key will run again.");
            await ReleaseQuietlyAsync(grain, fingerprint);
        }
    }

    /// <summary>Best effort: the claim's lease frees the key anyway, and the original outcome must not be masked.</summary>
    private async Task ReleaseQuietlyAsync(IIdempotencyGrain grain, string fingerprint)
    {
        try
        {
            await grain.Release(fingerprint);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "Could not release an idempotency claim; its lease will expire.");
        }
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored, GrainReferences grains)
    {
        var body = stored.Body;
        if (stored.Message is { } reference)
        {
            if (await MessageReplay.RenderAsync(grains, context.User, reference) is not { } rendered)
            {
                // The conversation was deleted since: there is no message left to answer with.
                await ApiProblems.NotFound("message").ExecuteAsync(context);
                return;
            }

            body = rendered;
        }

        var response = context.Response;
        response.StatusCode = stored.StatusCode;
        response.ContentType = stored.ContentType;
        if (stored.Location is not null)
        {
            response.Headers.Location = stored.Location;
        }

        if (stored.ETag is not null)
        {
            response.Headers.ETag = stored.ETag;
        }

        response.Headers[ReplayedHeaderName] = "true";
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>What makes two requests "the same": path and body bytes.</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(request.Path.Value ?? ""));
        hash.AppendData([0]);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0 && total <= JsonBody.MaxBytes)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
