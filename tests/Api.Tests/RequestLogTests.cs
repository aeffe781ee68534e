using System.Net;
using Microsoft.Extensions.Logging;

namespace Runtype.Api.Tests;

/// <summary>One Information line per request with what an operator needs, and never a key or message content.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLogTests(ApiFactory factory)
{
    private const string RequestLog = "Runtype.Api.Http.RequestLogMiddleware";

    [Fact]
    public async Task Each_request_logs_one_line_with_method_route_status_duration_owner_and_trace()
    {
        using var client = factory.ClientFor();
        var conversation = await client.CreateConversationAsync();
        factory.Logs.Entries.Clear();

        using var response = await client.GetAsync($"{ApiClientExtensions.Conversations}/{conversation.Id()}?probe=1");
        await response.ExpectJsonAsync(HttpStatusCode.OK);

        var line = Assert.Single(await RequestLinesAsync(1));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Matches(@"^HTTP GET /v1/messaging/conversations/\{id\} responded 200 in \d+\.\d ms \(owner owner-a, trace [0-9a-f]{32}\)$", line.Text);
        Assert.DoesNotContain(conversation.Id(), line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_and_failed_requests_are_logged_too_without_an_owner()
    {
        using var anonymous = factory.ClientFor(apiKey: null);
        factory.Logs.Entries.Clear();

        using var response = await anonymous.GetAsync(ApiClientExtensions.Conversations);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var line = Assert.Single(await RequestLinesAsync(1));
        Assert.StartsWith("HTTP GET /v1/messaging/conversations responded 401", line.Text, StringComparison.Ordinal);
        Assert.Contains("(owner -,", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_and_message_content_never_reach_the_log_at_any_level()
    {
        const string content = "SECRET-CONTENT-7f3a9c do not log me";
        using var client = factory.ClientFor(ApiFactory.OwnerAKey);
        using var bearer = factory.BearerClientFor(ApiFactory.OwnerBKey);
        using var wrong = factory.ClientFor("rt_wrong_key_5b1e");
        factory.Logs.Entries.Clear();

        var conversation = await client.CreateConversationAsync("""{"surfaceId":"email","subject":"SECRET-SUBJECT-91c2"}""");
        await client.CreateMessageAsync(conversation.Id(), $$"""{"content":"{{content}}","role":"user"}""");
        using (var invalid = await client.PostJsonAsync($"{ApiClientExtensions.Conversations}/{conversation.Id()}/messages", $$"""{"content":"{{content}}","role":"robot"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        using (var other = await bearer.GetAsync(ApiClientExtensions.Conversations))
        using (var refused = await wrong.GetAsync(ApiClientExtensions.Conversations))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await RequestLinesAsync(5);
        foreach (var entry in factory.Logs.Entries)
        {
            foreach (var secret in new[] { ApiFactory.OwnerAKey, ApiFactory.OwnerBKey, "rt_wrong_key_5b1e", "SECRET-CONTENT-7f3a9c", "SECRET-SUBJECT-91c2" })
            {
                Assert.DoesNotContain(secret, entry.Text, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, entry.Exception ?? "", StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The request lines logged since the capture was cleared, once at least <paramref name="count"/> are in.</summary>
    private async Task<List<LogCapture.Entry>> RequestLinesAsync(int count)
    {
        // The line is written as the response completes, which can be a moment after the client has it.
        for (var i = 0; i < 100; i++)
        {
            var lines = factory.Logs.Entries.Where(e => e.Category == RequestLog).ToList();
            if (lines.Count >= count)
            {
                await Task.Delay(50);
                return [.. factory.Logs.Entries.Where(e => e.Category == RequestLog)];
            }

            await Task.Delay(20);
        }

        return [.. factory.Logs.Entries.Where(e => e.Category == RequestLog)];
    }
}
