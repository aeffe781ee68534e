using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Messages;

/// <summary>
/// One message as the response body (create, get, redact), written by <see cref="MessageJson"/> like list pages,
/// events and idempotent replays, instead of through <see cref="MessageResponse"/> and the serializer's reflection
/// metadata: a message reads the same bytes wherever it appears (a test compares them with the serializer's), and
/// the hottest answer of the API skips a copy into a response record.
/// </summary>
public abstract class MessageBodyResult(Message message, int statusCode) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        BeforeBody(response);
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = DataPage.Encoder(httpContext), SkipValidation = true }))
        {
            MessageJson.Write(writer, message);
        }

        // As the serializer does: the pipe's flush is what hands the bytes on (to Kestrel, or to a stream that
        // replaced the body, such as the Idempotency-Key step's capture).
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    protected virtual void BeforeBody(HttpResponse response)
    {
    }

    protected static void Documents(EndpointBuilder builder, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(MessageResponse), ["application/json"]));
    }
}

/// <summary>201 with the new message and its Location.</summary>
public sealed class CreatedMessage(string location, Message message) : MessageBodyResult(message, StatusCodes.Status201Created), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Documents(builder, StatusCodes.Status201Created);

    protected override void BeforeBody(HttpResponse response) => response.Headers.Location = location;
}

/// <summary>200 with the message.</summary>
public sealed class OkMessage(Message message) : MessageBodyResult(message, StatusCodes.Status200OK), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Documents(builder, StatusCodes.Status200OK);
}
