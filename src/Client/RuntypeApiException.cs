using System.Net;
using System.Text.Json;

namespace Runtype.Client;

/// <summary>
/// Any answer that is not a success: from the API's <c>application/problem+json</c> (title, detail, trace id and the
/// invalid fields), or from anything else on the way (then <see cref="Title"/> is the status and <see cref="Body"/> the
/// start of the answer).
/// </summary>
public sealed class RuntypeApiException : Exception
{
    private const int BodyStart = 1024;

    public RuntypeApiException()
        : this(0, "Error", null, null, null, null)
    {
    }

    public RuntypeApiException(string message)
        : base(message)
    {
        Title = message;
        Errors = new Dictionary<string, string[]>();
    }

    public RuntypeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Title = message;
        Errors = new Dictionary<string, string[]>();
    }

    public RuntypeApiException(HttpStatusCode statusCode, string title, string? detail, string? traceId,
        IReadOnlyDictionary<string, string[]>? errors, string? body)
        : base(Describe(statusCode, title, detail, errors))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        TraceId = traceId;
        Errors = errors ?? new Dictionary<string, string[]>();
        Body = body;
    }

    /// <summary>The answer's HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's title, or the status when the answer was not a problem.</summary>
    public string Title { get; }

    /// <summary>The problem's detail.</summary>
    public string? Detail { get; }

    /// <summary>The problem's <c>traceId</c>, to find the request in the API's logs.</summary>
    public string? TraceId { get; }

    /// <summary>For a validation failure: each invalid field (<c>content</c>, <c>metadata</c>, ...) and what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The start of the answer's body (at most 1 KiB), with the problem's extensions such as <c>conversationId</c>.</summary>
    public string? Body { get; }

    internal static RuntypeApiException FromAnswer(HttpStatusCode status, string? mediaType, string body)
    {
        var start = body.Length > BodyStart ? body[..BodyStart] : body;
        if (mediaType is "application/problem+json" or "application/json")
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    return new RuntypeApiException(status, Text(root, "title") ?? status.ToString(), Text(root, "detail"), Text(root, "traceId"),
                        ReadErrors(root), start);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: reported below with the body's start.
            }
        }

        return new RuntypeApiException(status, status.ToString(), null, null, null, start);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string[]>? ReadErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in errors.EnumerateObject())
        {
            map[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                ? [.. field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : m.GetRawText())]
                : [field.Value.ToString()];
        }

        return map;
    }

    private static string Describe(HttpStatusCode status, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        var text = $"{(int)status} {title}";
        if (detail is not null)
        {
            text += $": {detail}";
        }

        if (errors is { Count: > 0 })
        {
            text += " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + ")";
        }

        return text;
    }
}
