using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Runtype.Api.Shared;
using Runtype.Grains.Events;
using Runtype.Grains.Wire;

namespace Runtype.Api.Events;

/// <summary>A page of the feed (<see cref="EventList"/>), written event by event with the stored JSON copied raw.</summary>
public sealed class EventListResult(IReadOnlyList<StoredEvent> events, string nextCursor) : IResult, IEndpointMetadataProvider
{
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EventList), ["application/json"]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await DataPage.WriteAsync(httpContext, events, (writer, stored) => EventJson.Write(writer, stored.Event), writer => writer.WriteString(NextCursor, nextCursor));
        EventMetrics.ServedByFeed(events.Count);
    }
}
