using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Runtype.Grains.Events;

namespace Runtype.Api.Events;

/// <summary>A page of the feed (<see cref="EventList"/>), written event by event with the stored JSON copied raw.</summary>
public sealed class EventListResult(IReadOnlyList<StoredEvent> events, string nextCursor) : IResult, IEndpointMetadataProvider
{
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EventList), ["application/json"]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var serializer = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = serializer.Encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartArray(Data);
        foreach (var stored in events)
        {
            EventJson.Write(writer, stored.Event);
            if (writer.BytesPending > FlushBytes)
            {
                // Hand the page to Kestrel in slices, so 500 large events are not held whole in memory.
                await writer.FlushAsync(httpContext.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteString(NextCursor, nextCursor);
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
        EventMetrics.ServedByFeed(events.Count);
    }
}
