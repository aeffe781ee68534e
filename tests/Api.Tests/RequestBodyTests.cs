using System.Net;
using System.Text;

namespace Runtype.Api.Tests;

/// <summary>
/// Bodies are bound before the handler runs, but the handler still decides what to answer first: an id that cannot
/// exist is a 404 whatever the body, as when handlers read their bodies themselves. (A body that is not JSON at all
/// is refused earlier still, by routing: each of these endpoints accepts only application/json.)
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RequestBodyTests(ApiFactory factory)
{
    private const string NotAConversation = "conv_nope";
    private const string NotAWebhook = "whk_nope";

    public static TheoryData<string, string> WithImpossibleIds => new()
    {
        { "PUT", $"{ApiClientExtensions.Conversations}/{NotAConversation}" },
        { "POST", $"{ApiClientExtensions.Conversations}/{NotAConversation}/messages" },
        { "POST", $"{ApiClientExtensions.Conversations}/{NotAConversation}/messages/import" },
        { "PUT", $"/v1/messaging/webhooks/{NotAWebhook}" },
        { "POST", $"/v1/messaging/webhooks/{NotAWebhook}/redeliver" },
    };

    [Theory, MemberData(nameof(WithImpossibleIds))]
    public async Task An_impossible_id_is_a_404_whatever_the_body(string method, string path)
    {
        using var client = factory.ClientFor();
        var bodies = new (string Body, string ContentType)[]
        {
            ("{", "application/json"),
            ("""{"content":1,"role":"robot","messages":[],"url":"https://does-not-resolve.invalid/hook","eventId":"x"}""", "application/json"),
            ($$"""{"x":"{{new string('x', 2 * 1024 * 1024)}}"}""", "application/json"),
        };
        foreach (var (body, contentType) in bodies)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            using var response = await client.SendAsync(request);
            await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        }
    }
}
