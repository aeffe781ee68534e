using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Apis;

/// <summary>
/// The list-messages body (<see cref="MessageList"/>), written field by field from the grain's messages with
/// <see cref="MessageJson"/>, the writer events use too. Going through <see cref="MessageResponse"/> and the
/// serializer's reflection-based converters took about 45% of the CPU of listing 100 messages; the output is the
/// same bytes the serializer writes (a test compares them).
/// It documents itself as that body, so a handler returning it needs no <c>Produces</c> call.
/// </summary>
public sealed class MessageListResult(IReadOnlyList<Message> messages, long totalCount, string? nextCursor) : IResult, IEndpointMetadataProvider
{
    // Hand the response to Kestrel in slices, so a page of large messages is not held whole in memory.
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText TotalCount = JsonEncodedText.Encode("totalCount");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(MessageList), ["application/json"]));
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var serializer = httpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = serializer.Encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartArray(Data);
        long flushed = 0;
        foreach (var message in messages)
        {
            MessageJson.Write(writer, message);
            if (writer.BytesCommitted + writer.BytesPending - flushed > FlushBytes)
            {
                writer.Flush();
                flushed = writer.BytesCommitted;
                await body.FlushAsync(httpContext.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteNumber(TotalCount, totalCount);
        WireValues.WriteStringOrNull(writer, NextCursor, nextCursor);
        writer.WriteEndObject();
        writer.Flush();
    }
}
