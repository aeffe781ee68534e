using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Runtype.Api.Shared;

/// <summary>
/// Reads a request body as one JSON object, enforcing media type (415), size (413) and syntax (400) before any
/// field is looked at. The size is checked here as well as by Kestrel so every host enforces it the same way.
/// Exactly one of the results is set: the document, a 400 (<c>Invalid</c>) or a 413/415 (<c>Refused</c>).
/// <see cref="JsonRequest{TSelf, TValue}"/> reads every request body through it.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    // Free-form objects may nest 32 levels inside the body; this leaves room and stops pathological input early.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static async Task<(JsonDocument? Document, ValidationProblem? Invalid, ProblemHttpResult? Refused)> ReadObjectAsync(HttpRequest request)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, null, ApiProblems.UnsupportedMediaType());
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, null, ApiProblems.PayloadTooLarge(MaxBytes));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBytes + 1) - length), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBytes)
                {
                    return (null, null, ApiProblems.PayloadTooLarge(MaxBytes));
                }
            }

            if (length == 0)
            {
                return (null, ApiProblems.Validation("body", "A JSON object is required."), null);
            }

            JsonDocument document;
            try
            {
                // The document keeps referring to the memory it parsed, so it gets its own copy, not the pooled buffer.
                document = JsonDocument.Parse(buffer.AsMemory(0, length).ToArray(), Options);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: the duplicate-property check decodes names and rejects lone surrogates.
                // The parser's own message can quote input; a fixed text keeps the response free of echoes.
                return (null, ApiProblems.Validation("body", "The body is not valid JSON (syntax, UTF-8, duplicate property or nesting deeper than 64)."), null);
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, ApiProblems.Validation("body", "The body must be a JSON object."), null);
            }

            return (document, null, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? "";
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = media.Charset.Value;
        return json && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }
}
