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

    /// <summary>The refusal as the client's one exception type, with its problem details.</summary>
    public static async Task<Exception> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return RuntypeApiException.FromAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }
}
