using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Runtype.Api.Http;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Apis;

/// <summary>
/// The list-messages body (<see cref="MessageList"/>), written field by field from the grain's messages with
/// <see cref="MessageJson"/>, the writer events use too. Going through <see cref="MessageResponse"/> and the
/// serializer's reflection-based converters took about 45% of the CPU of listing 100 messages; the output is the
/// same bytes the serializer writes (a test compares them).
/// Where the grain's window already holds each message's JSON (<see cref="MessagePage.Rendered"/>) those bytes are copied
/// as they are: the same output while the API's serializer keeps its encoder (<see cref="WireValues.ResponseEncoder"/>).
/// It documents itself as that body, so a handler returning it needs no <c>Produces</c> call.
/// </summary>
public sealed class MessageListResult(IReadOnlyList<Message> messages, long totalCount, string? nextCursor, IReadOnlyList<byte[]>? rendered = null)
    : IResult, IEndpointMetadataProvider
{
    private static readonly JsonEncodedText TotalCount = JsonEncodedText.Encode("totalCount");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(MessageList), ["application/json"]));
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        void After(Utf8JsonWriter writer)
        {
            writer.WriteNumber(TotalCount, totalCount);
            WireValues.WriteStringOrNull(writer, NextCursor, nextCursor);
        }

        return rendered is not null && ReferenceEquals(DataPage.Encoder(httpContext), WireValues.ResponseEncoder)
            ? DataPage.WriteAsync(httpContext, rendered, static (writer, json) => writer.WriteRawValue(json, skipInputValidation: true), After)
            : DataPage.WriteAsync(httpContext, messages, MessageJson.Write, After);
    }
}
