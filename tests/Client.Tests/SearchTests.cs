using System.Net;

namespace Runtype.Client.Tests;

/// <summary>
/// Message search through the client against the real API. Every test searches for a token of its own (<c>t</c> and a
/// Guid's hex), so the messages other tests leave in the shared store never match, and nothing depends on stemming
/// or on the highlight's markup.
/// </summary>
[Collection(ClientCollection.Name)]
public sealed class SearchTests(ClientApiFactory api)
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly RuntypeClient _client = api.Client();

    [Fact]
    public async Task A_search_walks_every_page_newest_first_across_conversations_and_stops_after_the_last()
    {
        var token = Token();
        var first = await ConversationAsync(new() { SurfaceId = "search-walk" },
            Imported($"{token} one", "user", 0), Imported("no match here", "user", 1), Imported($"two {token}", "assistant", 3),
            Imported($"{token} three", "user", 5), Imported($"four {token}", "user", 6));
        var second = await ConversationAsync(new() { SurfaceId = "search-walk" },
            Imported($"a {token}", "user", 2), Imported($"{token} b", "assistant", 4), Imported($"c {token}", "user", 7));
        var expected = (await MessagesAsync(first.Id)).Concat(await MessagesAsync(second.Id))
            .Where(m => m.Content.Contains(token, StringComparison.Ordinal))
            .OrderByDescending(m => m.CreatedAt).Select(m => m.Id).ToList();

        var pages = await _client.SearchMessagesAsync(token, pageSize: 2).ToListAsync();

        Assert.Equal([2, 2, 2, 1], pages.Select(p => p.Data.Count));
        Assert.All(pages[..^1], p => Assert.NotNull(p.NextCursor));
        Assert.Null(pages[^1].NextCursor);
        Assert.Equal(expected, pages.SelectMany(p => p.Data).Select(h => h.Message.Id));
        Assert.Equal(7, expected.Count);
    }

    [Fact]
    public async Task Every_filter_reaches_the_server_and_narrows_the_matches()
    {
        var token = Token();
        var a = await ConversationAsync(new() { SurfaceId = $"search-a-{token}", ParticipantEmail = $"a-{token}@example.com" },
            Imported($"{token} a1", "user", 0), Imported($"{token} a2", "assistant", 2));
        var b = await ConversationAsync(new() { SurfaceId = $"search-b-{token}", ParticipantEmail = $"b-{token}@example.com" },
            Imported($"{token} b1", "user", 1), Imported($"{token} b2", "assistant", 3) with { Direction = "inbound" });
        await _client.UpdateConversationAsync(b.Id, new() { Status = ConversationStatuses.Closed });

        // Each line names the expected messages by their content's second word, newest first.
        Assert.Equal(["b2", "a2", "b1", "a1"], await FoundAsync(token, new()));
        Assert.Equal(["b2", "a2"], await FoundAsync(token, new() { Role = "assistant" }));
        Assert.Equal(["b2", "b1", "a1"], await FoundAsync(token, new() { Direction = "inbound" }));
        Assert.Equal(["a2", "a1"], await FoundAsync(token, new() { ConversationId = a.Id }));
        Assert.Equal(["b2", "b1"], await FoundAsync(token, new() { SurfaceId = b.SurfaceId }));
        Assert.Equal(["b2", "b1"], await FoundAsync(token, new() { Status = ConversationStatuses.Closed }));
        Assert.Equal(["a2", "a1"], await FoundAsync(token, new() { ParticipantEmail = a.ParticipantEmail }));
        Assert.Equal(["b2", "a2"], await FoundAsync(token, new() { CreatedAfter = Start.AddMinutes(1).ToOffset(TimeSpan.FromHours(2)) }));
        Assert.Equal(["b1", "a1"], await FoundAsync(token, new() { CreatedBefore = Start.AddMinutes(2) }));
        Assert.Equal(["b1"], await FoundAsync(token, new() { ConversationId = b.Id, Role = "user" }));
    }

    [Fact]
    public async Task A_hit_carries_the_message_as_get_answers_it_its_conversation_and_a_highlight()
    {
        var token = Token();
        var conversation = (await _client.CreateConversationAsync(new()
        {
            SurfaceId = "search-hit",
            Subject = "Refund for order 42",
            ParticipantName = "Ada Lovelace",
            ParticipantEmail = "ada@example.com",
        })).Value;
        var created = await _client.CreateMessageAsync(conversation.Id, new() { Content = $"Where is my refund {token}?", Role = "user" });

        var page = Assert.Single(await _client.SearchMessagesAsync(token).ToListAsync());

        var hit = Assert.Single(page.Data);
        Assert.Null(page.NextCursor);
        var read = await _client.GetMessageAsync(conversation.Id, created.Id);
        Assert.Equal(read with { Metadata = default }, hit.Message with { Metadata = default });
        Assert.Equal(read.Metadata.GetRawText(), hit.Message.Metadata.GetRawText());
        Assert.Equal(new SearchedConversation(conversation.Id, "search-hit", ConversationStatuses.Open, "Refund for order 42", "Ada Lovelace",
            "ada@example.com"), hit.Conversation);
        Assert.Contains(token, hit.Highlight, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_without_a_word_is_a_400_naming_q()
    {
        var error = await Assert.ThrowsAsync<RuntypeApiException>(async () => await _client.SearchMessagesAsync("!!!").ToListAsync());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(["q"], error.Errors.Keys);
    }

    [Fact]
    public async Task A_cursor_from_another_search_is_a_400_naming_cursor()
    {
        var token = Token();
        await ConversationAsync(new() { SurfaceId = "search-cursor" }, Imported(token, "user", 0), Imported(token, "user", 1));
        var first = await _client.SearchMessagesPageAsync(token, limit: 1);
        Assert.NotNull(first.NextCursor);

        var next = await _client.SearchMessagesPageAsync(token, limit: 1, cursor: first.NextCursor);
        var error = await Assert.ThrowsAsync<RuntypeApiException>(
            () => _client.SearchMessagesPageAsync(token, new() { Role = "user" }, limit: 1, cursor: first.NextCursor));

        Assert.NotEqual(first.Data[0].Message.Id, Assert.Single(next.Data).Message.Id);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(["cursor"], error.Errors.Keys);
    }

    [Fact]
    public async Task Cancelling_stops_the_walk_before_the_next_page_is_asked_for()
    {
        var token = Token();
        await ConversationAsync(new() { SurfaceId = "search-cancel" }, Imported(token, "user", 0), Imported(token, "user", 1), Imported(token, "user", 2));
        var counter = new CountRequests();
        var client = api.Client(between: () => counter);
        using var cancellation = new CancellationTokenSource();
        var pages = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var page in client.SearchMessagesAsync(token, pageSize: 1, cancellationToken: cancellation.Token))
            {
                Assert.NotNull(page.NextCursor);
                pages++;
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal(1, pages);
        Assert.Equal(1, counter.Count);
    }

    private static string Token() => $"t{Guid.NewGuid():N}";

    private static ImportedMessage Imported(string content, string role, int minute) =>
        new() { Content = content, Role = role, CreatedAt = Start.AddMinutes(minute) };

    /// <summary>A new conversation holding <paramref name="messages"/> at their own times, so the search order is known in advance.</summary>
    private async Task<Conversation> ConversationAsync(CreateConversationRequest request, params ImportedMessage[] messages)
    {
        var conversation = (await _client.CreateConversationAsync(request)).Value;
        await _client.ImportMessagesAsync(conversation.Id, new() { Messages = messages });
        return conversation;
    }

    private async Task<List<Message>> MessagesAsync(string conversationId) => await _client.EnumerateMessagesAsync(conversationId).ToListAsync();

    /// <summary>The second word of each hit's content, over every page (of one hit each, so paging runs under every filter too).</summary>
    private async Task<List<string>> FoundAsync(string token, MessageSearchFilter filter) =>
        await _client.SearchMessagesAsync(token, filter, pageSize: 1)
            .SelectMany(page => page.Data.ToAsyncEnumerable())
            .Select(hit => hit.Message.Content.Split(' ')[1])
            .ToListAsync();
}
