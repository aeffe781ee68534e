using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Runtype.Api.Http;
using Runtype.Api.Validation;
using Runtype.Grains;

namespace Runtype.Api.Apis;

/// <summary>
/// The list-messages body (<see cref="MessageList"/>), written field by field from the grain's messages. Going
/// through <see cref="MessageResponse"/> and the serializer's reflection-based converters took about 45% of the
/// CPU of listing 100 messages; the output is the same bytes the serializer writes (a test compares them).
/// It documents itself as that body, so a handler returning it needs no <c>Produces</c> call.
/// </summary>
public sealed class MessageListResult(IReadOnlyList<Message> messages, long totalCount, string? nextCursor) : IResult, IEndpointMetadataProvider
{
    // Hand the response to Kestrel in slices, so a page of large messages is not held whole in memory.
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText TotalCount = JsonEncodedText.Encode("totalCount");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ConversationId = JsonEncodedText.Encode("conversationId");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    private static readonly JsonEncodedText Direction = JsonEncodedText.Encode("direction");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText ExternalMessageId = JsonEncodedText.Encode("externalMessageId");
    private static readonly JsonEncodedText FlowStepResultId = JsonEncodedText.Encode("flowStepResultId");
    private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");

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
            Write(writer, message);
            if (writer.BytesCommitted + writer.BytesPending - flushed > FlushBytes)
            {
                writer.Flush();
                flushed = writer.BytesCommitted;
                await body.FlushAsync(httpContext.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteNumber(TotalCount, totalCount);
        WriteStringOrNull(writer, NextCursor, nextCursor);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void Write(Utf8JsonWriter writer, Message m)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, m.Id);
        writer.WriteString(ConversationId, m.ConversationId);
        writer.WriteString(Role, EnumNames.Name(m.Role));
        writer.WriteString(Direction, EnumNames.Name(m.Direction));
        writer.WriteString(Content, m.Content);
        WriteStringOrNull(writer, ExternalMessageId, m.ExternalMessageId);
        WriteStringOrNull(writer, FlowStepResultId, m.FlowStepResultId);
        writer.WritePropertyName(Metadata);
        writer.WriteRawValue(m.Metadata, skipInputValidation: true);
        writer.WriteString(CreatedAt, Timestamps.Format(m.CreatedAt));
        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
