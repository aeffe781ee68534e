using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Runtype.Api.Tests;

/// <summary>
/// Text in a query string obeys the rule a body field of the same name does: the limit counts characters (code
/// points), and NUL or an unpaired surrogate is refused naming the parameter.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class QueryTextTests(ApiFactory factory)
{
    private const string Conversations = ApiClientExtensions.Conversations;
    private const string Emoji = "\U0001F600";

    [Fact]
    public async Task A_filter_at_the_limit_in_characters_of_astral_text_finds_what_the_body_accepted()
    {
        // 255 and 500 characters, 510 and 1,000 UTF-16 units.
        var surface = string.Concat(Enumerable.Repeat(Emoji, 255));
        var thread = Guid.NewGuid().ToString("N") + string.Concat(Enumerable.Repeat(Emoji, 500 - 32));
        using var client = factory.ClientFor();
        var created = await client.CreateConversationAsync(JsonSerializer.Serialize(new { surfaceId = surface, externalThreadId = thread }));

        var page = await client.ReadJsonAsync($"{Conversations}?surfaceId={Uri.EscapeDataString(surface)}&externalThreadId={Uri.EscapeDataString(thread)}");
        Assert.Equal([created.Id()], page.GetProperty("data").EnumerateArray().Select(c => c.Id()));

        using var tooLong = await client.GetAsync($"{Conversations}?surfaceId={Uri.EscapeDataString(surface + Emoji)}&externalThreadId={Uri.EscapeDataString(thread + "x")}");
        await tooLong.ExpectValidationErrorsAsync("surfaceId", "externalThreadId");
    }

    [Fact]
    public async Task A_percent_encoded_surrogate_half_stays_nine_characters_of_text()
    {
        // Invalid UTF-8 (an encoded surrogate half) is left percent-encoded when the query is decoded, so HTTP
        // cannot hand the reader an unpaired surrogate: 246 emoji and these nine characters are 255.
        var emoji = Uri.EscapeDataString(Emoji);
        using var client = factory.ClientFor();
        using (var within = await client.GetAsync($"{Conversations}?surfaceId={string.Concat(Enumerable.Repeat(emoji, 246))}%ED%A0%80"))
        {
            await within.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using var over = await client.GetAsync($"{Conversations}?surfaceId={string.Concat(Enumerable.Repeat(emoji, 247))}%ED%A0%80");
        await over.ExpectValidationErrorsAsync("surfaceId");
    }

    // The surrogate goes in as a number: test-case strings are serialized, which would replace it with U+FFFD.
    [Theory]
    [InlineData("externalThreadId", "t-", 0xD800, "")]
    [InlineData("surfaceId", "", 0xDC00, "s")]
    [InlineData("participantEmail", "a", 0xD83D, "@example.com")]
    public async Task A_lone_surrogate_that_reaches_the_query_is_a_400_naming_the_parameter(string name, string before, int surrogate, string after)
    {
        var value = before + (char)surrogate + after;
        // HTTP cannot deliver one (see the test above), so the request is built in process: the query string
        // carries the raw character, and everything after the transport runs as for any request.
        var context = await factory.Server.SendAsync(request =>
        {
            request.Request.Method = HttpMethods.Get;
            request.Request.Path = Conversations;
            request.Request.QueryString = new QueryString($"?{name}={value}");
            request.Request.Headers.Authorization = ApiFactory.OwnerAKey;
        });

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal([name], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal(["Must be valid Unicode text (no unpaired surrogates, valid UTF-8)."], errors.GetProperty(name).EnumerateArray().Select(m => m.GetString()));
    }
}
