using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runtype.Testing.History;

/// <summary>Imports: one batch, or a burst of keyed batches into one conversation at once.</summary>
public sealed partial class HistoryClient
{
    private async Task ImportAsync()
    {
        var conversation = _world.PickConversation(_random);
        var keyed = _random.Next(4) != 0;
        var (op, body) = NewImport(conversation, keyed, racing: keyed && _random.Next(10) == 0);
        await SendImportAsync(op, body);
    }

    /// <summary>Several keyed imports into one conversation at once, as a client importing in parallel would.</summary>
    private async Task ImportBurstAsync()
    {
        var conversation = _world.PickConversation(_random);
        var batches = Enumerable.Range(0, _random.Next(2, 4)).Select(_ => NewImport(conversation, keyed: true, racing: false)).ToList();
        await Task.WhenAll(batches.Select(b => SendImportAsync(b.Op, b.Body)));
    }

    private (Operation Op, string Body) NewImport(string conversation, bool keyed, bool racing)
    {
        var id = _recorder.NextId();
        // Now, to the millisecond: not later than the server's clock, and (unless a post lands first) not before the last message.
        var createdAt = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var count = _random.Next(1, 7);
        var messages = new List<SentMessage>();
        for (var i = 0; i < count; i++)
        {
            var token = $"{Token(id)}-m{i}";
            var external = _random.Next(2) == 0 ? "x-" + token : null;
            if (i > 0 && _random.Next(12) == 0 && messages[^1].ExternalMessageId is { } previous)
            {
                external = previous; // The same message twice in one batch: the second is skipped.
            }
            else if (_random.Next(10) == 0 && _world.PickExternalId(conversation, _random) is { } known)
            {
                external = known; // Already in the conversation: skipped.
            }

            messages.Add(NewMessage(token, external, createdAt, i));
        }

        var op = _recorder.Begin(new Operation
        {
            Id = id, Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.ImportMessages, ConversationId = conversation,
            IdempotencyKey = keyed ? "imp-" + Token(id) : null, Racing = racing, Messages = messages,
        });
        var body = new JsonObject { ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)MessageBody(m))]) };
        return (op, body.ToJsonString());
    }

    private async Task SendImportAsync(Operation op, string body)
    {
        var conversation = op.ConversationId!;
        var retry = op.IdempotencyKey is not null || op.Messages.All(m => m.ExternalMessageId is not null) ? Retry.UntilResolved : Retry.WhenNotApplied;
        Task<Answer> Lane(int lane) => _http.ExchangeAsync(op, lane, () => HistoryHttp.Json(HttpMethod.Post, Paths.Import(conversation), body, op.IdempotencyKey), retry);
        var answers = op.Racing ? await Task.WhenAll(Lane(0), Lane(1)) : [await Lane(0)];
        var success = answers.FirstOrDefault(a => a.IsSuccess);
        if (success is not null)
        {
            var root = JsonDocument.Parse(success.Body).RootElement;
            op.ImportAnswer = (root.GetProperty("imported").GetInt32(), root.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()!).ToList(),
                root.GetProperty("messageCount").GetInt64());
            foreach (var external in op.Messages.Select(m => m.ExternalMessageId).OfType<string>())
            {
                _world.LearnExternalId(conversation, external);
            }
        }

        Conclude(op, success ?? answers[^1]);
    }
}
