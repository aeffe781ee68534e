using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Runtype.Api.Shared;

/// <summary>
/// Writes a 200 JSON page, <c>{ "data": [ ... ], ...fields after it }</c>, item by item with a hand-written writer,
/// handing it to Kestrel in slices so a page of large items is never held whole in memory.
/// </summary>
internal static class DataPage
{
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");

    /// <summary>The encoder the API's JSON options name; null is the default one.</summary>
    public static System.Text.Encodings.Web.JavaScriptEncoder? Encoder(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions.Encoder;

    public static async Task WriteAsync<T>(HttpContext http, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeItem, Action<Utf8JsonWriter> writeAfter)
    {
        var encoder = Encoder(http);
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = encoder, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartArray(Data);
        long flushed = 0;
        foreach (var item in items)
        {
            writeItem(writer, item);
            if (writer.BytesCommitted + writer.BytesPending - flushed > FlushBytes)
            {
                // The writer's own flush only commits to the pipe; the pipe's flush is what sends.
                writer.Flush();
                flushed = writer.BytesCommitted;
                await body.FlushAsync(http.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writeAfter(writer);
        writer.WriteEndObject();
        writer.Flush();
    }
}
