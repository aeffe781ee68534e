using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runtype.Testing.History;

public sealed partial class HistoryClient
{
    private static readonly int[] PageSizes = [1, 2, 3, 7, 20, 50, 100];

    /// <summary>A message listing in either order: one page, or followed by its cursor to the end (a bounded number of pages).</summary>
    private async Task ListMessagesAsync()
    {
        var conversation = _world.PickConversation(_random);
        var descending = _random.Next(2) == 0;
        var limit = PageSizes[_random.Next(PageSizes.Length)];
        var follow = _random.Next(2) == 0;
        var op = _recorder.Begin(new Operation
        {
            Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.ListMessages, ConversationId = conversation,
        });
        string? cursor = null;
        for (var page = 0; page < 60; page++)
        {
            var path = $"{Paths.Messages(conversation)}?limit={limit}&order={(descending ? "desc" : "asc")}"
                + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            if (await PageAsync(op, path) is not var (root, start))
            {
                return;
            }

            var data = root.GetProperty("data").EnumerateArray().Select(ObservedMessage.Parse).ToList();
            cursor = ObservedMessage.Text(root, "nextCursor");
            op.MessagePages.Add(new MessagePage(page, descending, limit, root.GetProperty("totalCount").GetInt64(), cursor is not null, data, start, _recorder.Now()));
            foreach (var message in data)
            {
                _world.LearnMessage(conversation, message.Id);
            }

            if (cursor is null)
            {
                op.Complete = true;
                break;
            }

            if (!follow)
            {
                break;
            }
        }

        Read(op, null);
    }

    private async Task GetMessageAsync()
    {
        var conversation = _world.PickConversation(_random);
        if (_world.PickMessage(conversation, _random) is not { } messageId)
        {
            await ListMessagesAsync();
            return;
        }

        var op = _recorder.Begin(new Operation
        {
            Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.GetMessage, ConversationId = conversation,
            TargetMessageId = messageId,
        });
        var answer = await _http.ExchangeAsync(op, 0, () => new HttpRequestMessage(HttpMethod.Get, Paths.Message(conversation, messageId)), Retry.UntilResolved);
        if (answer.IsSuccess)
        {
            op.Answered = ObservedMessage.Parse(JsonDocument.Parse(answer.Body).RootElement);
        }

        Read(op, answer);
    }

    private async Task GetConversationAsync()
    {
        var conversation = _world.PickConversation(_random);
        var op = _recorder.Begin(new Operation
        {
            Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.GetConversation, ConversationId = conversation,
        });
        var answer = await _http.ExchangeAsync(op, 0, () => new HttpRequestMessage(HttpMethod.Get, Paths.Conversation(conversation)), Retry.UntilResolved, keepBody: false);
        if (answer.IsSuccess)
        {
            op.AnsweredConversation = ObservedConversation.Parse(JsonDocument.Parse(answer.Body).RootElement, answer.Version);
        }

        Read(op, answer);
    }

    /// <summary>The owner's conversation listing, followed to its end.</summary>
    private async Task ListConversationsAsync()
    {
        var op = _recorder.Begin(new Operation { Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.ListConversations });
        var limit = PageSizes[_random.Next(PageSizes.Length)];
        string? cursor = null;
        for (var page = 0; page < 60; page++)
        {
            var path = $"{Paths.Conversations}?limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            if (await PageAsync(op, path) is not var (root, start))
            {
                return;
            }

            var pagination = root.GetProperty("pagination");
            cursor = ObservedMessage.Text(pagination, "nextCursor");
            var data = root.GetProperty("data").EnumerateArray().Select(c => ObservedConversation.Parse(c, null)).ToList();
            op.ConversationPages.Add(new ConversationPage(page, pagination.GetProperty("totalCount").GetInt64(), cursor is not null, data, start, _recorder.Now()));
            if (cursor is null)
            {
                op.Complete = true;
                break;
            }
        }

        Read(op, null);
    }

    /// <summary>
    /// The event feed, from where this client last stopped: either one conversation's events or the owner's whole feed,
    /// a few pages. Each reader started at the oldest event, so each conversation's sequence must go on from the last one
    /// this reader saw, by one.
    /// </summary>
    private async Task ReadEventsAsync()
    {
        var whole = _random.Next(3) == 0;
        var conversation = whole ? null : _world.PickConversation(_random);
        var op = _recorder.Begin(new Operation
        {
            Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.ReadEvents, ConversationId = conversation,
        });
        var limit = new[] { 1, 5, 50, 200, 500 }[_random.Next(5)];
        for (var page = 0; page < 4; page++)
        {
            string? after;
            Dictionary<string, long> seen;
            if (conversation is null)
            {
                after = _ownerFeedCursor;
                seen = new Dictionary<string, long>(_ownerFeedSequences, StringComparer.Ordinal);
            }
            else
            {
                var known = _conversationFeeds.TryGetValue(conversation, out var feed);
                after = known ? feed.Cursor : null;
                seen = new Dictionary<string, long>(StringComparer.Ordinal) { [conversation] = known ? feed.Sequence : 0 };
            }

            var path = Paths.Events(conversation, after, limit);
            if (await PageAsync(op, path) is not var (root, start))
            {
                return;
            }

            var data = root.GetProperty("data").EnumerateArray().Select(ObservedEvent.Parse).ToList();
            var next = root.GetProperty("nextCursor").GetString()!;
            op.EventPages.Add(new EventPage(conversation, data, seen, true, start, _recorder.Now()));
            if (conversation is null)
            {
                _ownerFeedCursor = next;
                foreach (var e in data)
                {
                    _ownerFeedSequences[e.ConversationId] = e.Sequence;
                }
            }
            else
            {
                var last = data.Count > 0 ? data[^1].Sequence : seen[conversation];
                _conversationFeeds[conversation] = (next, last);
            }

            if (data.Count < limit)
            {
                break;
            }
        }

        Read(op, null);
    }

    /// <summary>
    /// Reaches for the other owner's data with this owner's key: every request must be a 404 (an empty page for the
    /// event feed filtered by the other's conversation), and nothing it tried to write may ever appear.
    /// </summary>
    private async Task CrossOwnerProbeAsync()
    {
        var conversation = _other.PickConversation(_random);
        var messageId = _other.PickMessage(conversation, _random) ?? "msg_01JD3K9Q4X8Y7Z6W5V4T3S2R1Q";
        var variant = _random.Next(8);
        var id = _recorder.NextId();
        var message = NewMessage(Token(id), "x-" + Token(id), null, 0);
        var (method, path, body, what) = variant switch
        {
            0 => (HttpMethod.Get, Paths.Conversation(conversation), null, "get conversation"),
            1 => (HttpMethod.Get, Paths.Messages(conversation), null, "list messages"),
            2 => (HttpMethod.Post, Paths.Messages(conversation), MessageBody(message).ToJsonString(), "post message"),
            3 => (HttpMethod.Delete, Paths.Message(conversation, messageId), null, "redact message"),
            4 => (HttpMethod.Put, Paths.Conversation(conversation), new JsonObject { ["subject"] = "cross-" + message.Token, ["status"] = "archived" }.ToJsonString(), "update conversation"),
            5 => (HttpMethod.Post, Paths.Import(conversation), new JsonObject { ["messages"] = new JsonArray(MessageBody(message with { CreatedAt = "2024-01-01T00:00:00.000Z" })) }.ToJsonString(), "import"),
            6 => (HttpMethod.Get, Paths.Events(conversation, null, 100), null, "events"),
            _ => (HttpMethod.Get, Paths.Message(conversation, messageId), null, "get message"),
        };
        var op = _recorder.Begin(new Operation
        {
            Id = id, Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.CrossOwnerProbe, ConversationId = conversation,
            TargetMessageId = variant is 3 or 7 ? messageId : null, Requested = what, Messages = variant is 2 or 5 ? [message] : [],
        });
        var answer = await _http.ExchangeAsync(op, 0, () => body is null ? new HttpRequestMessage(method, path) : HistoryHttp.Json(method, path, body), Retry.UntilResolved);
        if (variant == 6 && answer.IsSuccess)
        {
            op.EventPages.Add(new EventPage(conversation, JsonDocument.Parse(answer.Body).RootElement.GetProperty("data").EnumerateArray().Select(ObservedEvent.Parse).ToList(),
                new Dictionary<string, long>(), true, op.Start, _recorder.Now()));
        }

        Read(op, answer);
    }

    /// <summary>Settles a read: answered (every page 200), or the last answer that was not.</summary>
    /// <summary>
    /// One page of a walk: its JSON and the tick before it was asked for, or null when its answer was a failure, which
    /// ends the read (recorded by <see cref="Read"/>).
    /// </summary>
    private async Task<(JsonElement Root, long Start)?> PageAsync(Operation op, string path)
    {
        var start = _recorder.Now();
        var answer = await _http.ExchangeAsync(op, 0, () => new HttpRequestMessage(HttpMethod.Get, path), Retry.UntilResolved, keepBody: false);
        if (!answer.IsSuccess)
        {
            Read(op, answer);
            return null;
        }

        return (JsonDocument.Parse(answer.Body).RootElement, start);
    }

    private void Read(Operation op, Answer? failed)
    {
        op.End = _recorder.Now();
        op.Outcome = failed is null || failed.IsSuccess ? WriteOutcome.Applied : failed.OutcomeUnknown ? WriteOutcome.Unknown : WriteOutcome.NotApplied;
        if (failed is not null && !failed.IsSuccess)
        {
            op.Note = failed.Error ?? $"{failed.Status}";
        }
    }
}
