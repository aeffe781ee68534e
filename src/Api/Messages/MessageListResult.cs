using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Runtype.Api.Shared;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Messages;

/// <summary>
/// The list-messages body (<see cref="MessageList"/>): the grain's page carries each message's JSON as the API answers it
/// (<see cref="MessageJson"/>, the writer events use too), and those bytes are copied as they are. Rendering
/// through <see cref="MessageResponse"/> and the serializer's reflection-based converters took about 45% of the CPU of
/// listing 100 messages; the bytes are the ones the serializer writes (a test compares them) while the API's serializer
/// keeps its encoder (<see cref="WireValues.ResponseEncoder"/>); with another encoder they are read back and written again.
/// It documents itself as that body, so a handler returning it needs no <c>Produces</c> call.
/// </summary>
public sealed class MessageListResult(MessagePage page, string? nextCursor) : IResult, IEndpointMetadataProvider
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
            writer.WriteNumber(TotalCount, page.TotalCount);
            WireValues.WriteStringOrNull(writer, NextCursor, nextCursor);
        }

        return ReferenceEquals(DataPage.Encoder(httpContext), WireValues.ResponseEncoder)
            ? DataPage.WriteAsync(httpContext, page.Items, static (writer, json) => writer.WriteRawValue(json, skipInputValidation: true), After)
            : DataPage.WriteAsync(httpContext, page.Messages, MessageJson.Write, After);
    }
}
