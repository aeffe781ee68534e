using System.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Runtype.Api.Events;

/// <summary>
/// The live stream as Server-Sent Events. It runs until the client goes, the server stops, or the client reads
/// too slowly to stay in its owner's ring; then the connection is aborted and the client resumes with
/// <c>Last-Event-ID</c>.
/// </summary>
public sealed partial class EventStreamResult(EventRequest request, EventServices services) : IResult, IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EventResource), ["text/event-stream"]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var logger = httpContext.RequestServices.GetRequiredService<ILogger<EventStreamResult>>();
        var tail = services.Tails.Acquire(request.Owner);
        using var reader = new RingReader();
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(
            httpContext.RequestAborted, services.Lifetime.ApplicationStopping, reader.Overrun.Token);
        EventMetrics.StreamSubscribers.Add(1);
        try
        {
            // Headers go out now, not with the first event or keep-alive: that is when a client learns the stream is open.
            await response.StartAsync(ending.Token);
            await response.BodyWriter.FlushAsync(ending.Token);
            await new EventStreamSession(request, services, tail, reader, response.BodyWriter, ending.Token).RunAsync();
        }
        catch (OperationCanceledException) when (reader.Overrun.IsCancellationRequested)
        {
            // Ending the response normally would wait for the very writes the client is not draining.
            LogTooSlow(logger, request.Owner);
            httpContext.Abort();
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            tail.Ring.Leave(reader);
            EventMetrics.StreamSubscribers.Add(-1);
            await services.Tails.ReleaseAsync(request.Owner, tail);
        }
    }

    [LoggerMessage(EventId = 43, EventName = "EventStreamTooSlow", Level = LogLevel.Information,
        Message = "Disconnected an event stream of owner {Owner}: it fell behind the recent events this node keeps; it resumes with Last-Event-ID")]
    private static partial void LogTooSlow(ILogger logger, string owner);
}
