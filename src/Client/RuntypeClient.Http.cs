using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Runtype.Client;

public sealed partial class RuntypeClient
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// A request with a JSON body. The body is serialized once into bytes so every retry re-sends it unchanged,
    /// and a POST gets its <c>Idempotency-Key</c> here, above the retry pipeline, so every attempt carries the same key.
    /// </summary>
    internal static HttpRequestMessage NewRequest<TBody>(HttpMethod method, string path, TBody body, string? idempotencyKey = null)
    {
        var request = NewRequest(method, path, idempotencyKey);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, RuntypeJson.Options));
        content.Headers.ContentType = JsonMediaType;
        request.Content = content;
        return request;
    }

    internal static HttpRequestMessage NewRequest(HttpMethod method, string path, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (method == HttpMethod.Post)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey ?? Guid.NewGuid().ToString());
        }

        return request;
    }

    internal static void AddIfMatch(HttpRequestMessage request, string? ifMatch)
    {
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
    }

    /// <summary>Sends the request and reads a <typeparamref name="T"/> from a success answer; any other answer throws.</summary>
    internal async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (value, _) = await SendVersionedAsync<T>(request, cancellationToken).ConfigureAwait(false);
        return value;
    }

    /// <summary>As <see cref="SendAsync{T}"/>, with the answer's ETag (null when it has none).</summary>
    internal async Task<(T Value, string? ETag)> SendVersionedAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var value = await JsonSerializer.DeserializeAsync<T>(stream, RuntypeJson.Options, cancellationToken).ConfigureAwait(false)
                    ?? throw new RuntypeApiException(response.StatusCode, "Empty answer", "The API answered null.", null, null, null);
                return (value, response.Headers.ETag?.ToString());
            }
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw RuntypeApiException.FromAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    internal static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }

    internal static string? Number(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
