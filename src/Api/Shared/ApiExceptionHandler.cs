using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Runtype.Grains;

namespace Runtype.Api.Shared;

/// <summary>
/// The last line: unexpected exceptions become a plain problem+json (no stack trace, no exception text), storage
/// or cluster outages a 503 with Retry-After (saying whether a write may have been applied), a statement the
/// database refused a 500, and request errors Kestrel raises keep their own 4xx status.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ProblemHttpResult problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiProblems.PayloadTooLarge(JsonBody.MaxBytes)
                : ApiProblems.Problem(bad.StatusCode, "Bad request", "The request could not be read.");
        }
        else if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }
        else if (StorageFaults.IsUnavailable(exception))
        {
            logger.LogWarning("Storage or cluster unavailable on {Method} {Path}: {Error}", httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name);
            httpContext.Response.Headers.RetryAfter = StorageFaults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem = ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", StorageFaults.IsOutcomeUnknown(exception, httpContext.Request.Method)
                ? "Storage became unavailable during the write: it may or may not have been applied. Retry after the time in Retry-After with the same Idempotency-Key (or externalMessageId) and it is applied exactly once."
                : "Storage is unavailable; nothing was written. Retry after the time in Retry-After.");
        }
        else if (StorageFaults.Find<StorageFaultException>(exception) is not null)
        {
            // The store logged the engine's error code once, where it happened.
            logger.LogDebug("Storage refused a statement on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = ApiProblems.Problem(StatusCodes.Status500InternalServerError, "Internal error", "The server could not complete the request.");
        }
        else
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = ApiProblems.Problem(StatusCodes.Status500InternalServerError, "Internal error", "The server could not complete the request.");
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }
}
