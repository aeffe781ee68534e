using System.Net;

namespace Runtype.Client;

/// <summary>How the event stream treats an answer that is not 200: retry it or hand it to the caller.</summary>
internal static class StreamFailure
{
    /// <summary>
    /// A 4xx other than 408 and 429 will not change by asking again (a bad or foreign cursor 400, an expired one 410,
    /// a key without the read scope 401/403); everything else (5xx, 408, 429) is worth a reconnect.
    /// </summary>
    public static bool IsFinal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;

    // TODO(merge): throw the client's RuntypeApiException (with its problem details) instead; this helper exists so the
    // stream does not depend on that file while both are written.
    public static async Task<Exception> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var detail = body.Length > 1024 ? body[..1024] : body;
        return new HttpRequestException(
            $"The event stream was refused with {(int)response.StatusCode} {response.ReasonPhrase}: {detail}",
            inner: null, response.StatusCode);
    }
}
