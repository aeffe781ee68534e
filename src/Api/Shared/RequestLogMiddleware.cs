using System.Diagnostics;
using Runtype.Api.Auth;

namespace Runtype.Api.Shared;

/// <summary>
/// One structured line per request at Information: method, route template (never the raw path, which carries
/// ids), status, duration, owner and trace id. Never the API key, a body or a query string.
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>
    /// The log category operators configure (docs/configuration.md). It is the class's name from before the
    /// resource folders, kept so a <c>Logging:LogLevel</c> setting written for it keeps working.
    /// </summary>
    public const string Category = "Runtype.Api.Http.RequestLogMiddleware";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                // Groups mapped at "/" leave a trailing slash in the template ("/v1/messaging/conversations/").
                var template = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                var route = template is { Length: > 1 } ? template.TrimEnd('/') : template ?? "(no route)";
                var owner = context.User.Identity?.IsAuthenticated == true ? context.User.Owner() : "-";
                var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
                Completed(_logger, context.Request.Method, route, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, owner, traceId);
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "RequestCompleted", Level = LogLevel.Information,
        Message = "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMilliseconds:0.0} ms (owner {Owner}, trace {TraceId})")]
    private static partial void Completed(ILogger logger, string method, string route, int statusCode, double elapsedMilliseconds, string owner, string traceId);
}
