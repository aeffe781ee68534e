using System.Net;

namespace Runtype.Api.Tests;

/// <summary>What a client sees of a new stream before anything happens on it (the contract's 15 s keep-alive).</summary>
public sealed class EventStreamStartTests(QuietEventStreamFactory factory) : IClassFixture<QuietEventStreamFactory>
{
    [Fact]
    public async Task The_headers_arrive_at_once_on_a_stream_with_nothing_to_send()
    {
        // Nothing matches this filter and the first keep-alive is 15 s away: only an explicit flush of the headers
        // tells the client (an EventSource's "open", a proxy's first byte) that the stream is open.
        using var client = factory.ClientFor();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/messaging/events/stream?types=conversation.deleted");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }
}
