using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runtype.Testing.History;

/// <summary>
/// One client of the history: sequential (it waits for each answer before its next operation, except when it races
/// two requests with one Idempotency-Key or sends a burst of imports at once), writing and reading as one owner,
/// with random choices from its own seeded generator.
/// </summary>
public sealed partial class HistoryClient : IDisposable
{
    private static readonly string[] Words = ["hello", "account", "settings", "invoice", "Grüße 👋", "\"quoted\"", "back\\slash", "line\nbreak", "ünïcödé", "order #42", "tab\tstop"];
    private static readonly string[] Roles = ["user", "assistant", "system"];
    private static readonly string[] Surfaces = ["sms", "email", "chat"];

    private readonly int _index;
    private readonly HistoryOptions _options;
    private readonly HistoryRecorder _recorder;
    private readonly HistoryWorld _world;
    private readonly HistoryWorld _other;
    private readonly HistoryHttp _http;
    private readonly Random _random;
    private readonly Dictionary<string, (string Cursor, long Sequence)> _conversationFeeds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _ownerFeedSequences = new(StringComparer.Ordinal);
    private string? _ownerFeedCursor;

    public HistoryClient(int index, HistoryOptions options, HistoryRecorder recorder, HistoryWorld world, HistoryWorld other)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(world);
        _index = index;
        _options = options;
        _recorder = recorder;
        _world = world;
        _other = other;
        _random = new Random(HashCode.Combine(options.Seed, index));
        _http = new HistoryHttp(options, recorder, world.Owner.Key, index, options.Seed ^ index);
    }

    /// <summary>Runs operations until the bound in count or time, or until <paramref name="stop"/>; the one running finishes.</summary>
    public async Task RunAsync(DateTime until, CancellationToken stop)
    {
        for (var n = 0; n < _options.OperationsPerClient && DateTime.UtcNow < until && !stop.IsCancellationRequested; n++)
        {
            if (_world.Mailbox is not null && _random.Next(100) < MailShare)
            {
                await MailOperationAsync();
                continue;
            }

            var roll = _random.Next(100);
            var task = roll switch
            {
                < 36 => PostAsync(),
                < 46 => _random.Next(4) == 0 ? ImportBurstAsync() : ImportAsync(),
                < 51 => RedactAsync(),
                < 58 => UpdateStatusAsync(),
                < 72 => ListMessagesAsync(),
                < 76 => GetMessageAsync(),
                < 80 => GetConversationAsync(),
                < 84 => ListConversationsAsync(),
                < 95 => ReadEventsAsync(),
                < 97 => CrossOwnerProbeAsync(),
                _ => _world.TryTakeCreation(_options.NewConversationsPerOwner) ? CreateConversationAsync() : PostAsync(),
            };
            await task;
        }
    }

    /// <summary>Creates a conversation (keyed, or with an externalThreadId, or neither) and adds it to the owner's pool.</summary>
    /// <param name="onEmailSurface">On the owner's email surface (with its customer), or not; the client's choice when null.</param>
    public async Task<string?> CreateConversationAsync(bool mustSucceed = false, bool? onEmailSurface = null)
    {
        var id = _recorder.NextId();
        var token = Token(id);
        var keyed = mustSucceed || _random.Next(2) == 0;
        var thread = !keyed && _random.Next(2) == 0 ? "thr-" + token : null;
        var (surface, participant) = ChooseSurface(onEmailSurface);
        var body = new JsonObject { ["surfaceId"] = surface, ["subject"] = token };
        if (thread is not null)
        {
            body["externalThreadId"] = thread;
        }

        if (participant is not null)
        {
            body["participantEmail"] = participant;
        }

        var op = _recorder.Begin(new Operation
        {
            Id = id, Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.CreateConversation,
            IdempotencyKey = keyed ? "conv-" + token : null, Requested = token, ExternalThreadId = thread,
        });
        var text = body.ToJsonString();
        var answer = await _http.ExchangeAsync(op, 0, () => HistoryHttp.Json(HttpMethod.Post, Paths.Conversations, text, op.IdempotencyKey),
            keyed || thread is not null ? Retry.UntilResolved : Retry.WhenNotApplied);
        string? created = null;
        if (answer.IsSuccess)
        {
            op.AnsweredConversation = ObservedConversation.Parse(JsonDocument.Parse(answer.Body).RootElement, answer.Version);
            created = op.AnsweredConversation.Id;
        }
        else if (answer.Status == 409 && thread is not null && op.Attempts.Count > 1
            && JsonDocument.Parse(answer.Body).RootElement.TryGetProperty("conversationId", out var existing))
        {
            // The thread is ours alone: an earlier try of this very request created it.
            created = existing.GetString();
            op.Note = "created by an earlier try";
        }

        Conclude(op, created is not null ? answer with { Status = 201 } : answer);
        if (created is not null)
        {
            op.ConversationId = created;
            _world.AddConversation(created, participant is not null);
        }

        return created;
    }

    private async Task PostAsync()
    {
        var conversation = _world.PickConversationToPost(_random);
        var id = _recorder.NextId();
        var variant = _random.Next(100);
        var keyed = variant < 45;
        var racing = variant < 6;
        string? external = variant is >= 25 and < 40 or >= 45 and < 65 ? "x-" + Token(id) : null;
        string? redelivery = null;
        if (variant >= 90 && _world.PickExternalId(conversation, _random) is { } known)
        {
            // A gateway re-delivering a message already acknowledged: 200 with the message stored first, nothing new.
            external = redelivery = known;
        }

        var message = NewMessage(Token(id), external, null, 0);
        var op = _recorder.Begin(new Operation
        {
            Id = id, Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.PostMessage, ConversationId = conversation,
            IdempotencyKey = keyed ? "msg-" + message.Token : null, Racing = racing, Messages = [message], RedeliveryOf = redelivery,
        });
        var body = MessageBody(message).ToJsonString();
        var retry = keyed || external is not null ? Retry.UntilResolved : Retry.WhenNotApplied;
        Task<Answer> Lane(int lane) => _http.ExchangeAsync(op, lane, () => HistoryHttp.Json(HttpMethod.Post, Paths.Messages(conversation), body, op.IdempotencyKey), retry);
        var answers = racing ? await Task.WhenAll(Lane(0), Lane(1)) : [await Lane(0)];
        var success = answers.FirstOrDefault(a => a.IsSuccess);
        if (success is not null)
        {
            op.Answered = ObservedMessage.Parse(JsonDocument.Parse(success.Body).RootElement);
            op.Duplicate = success.Status == 200;
            _world.LearnMessage(conversation, op.Answered.Id);
            if (op.Answered is { Delivery: not null, ExternalMessageId: { } emailed } && emailed.Contains('@', StringComparison.Ordinal))
            {
                _world.LearnOutboundId(MailSeen.Bare(emailed));
            }

            if (external is not null)
            {
                _world.LearnExternalId(conversation, external);
            }
        }

        Conclude(op, success ?? answers[^1]);
    }

    private async Task RedactAsync()
    {
        var conversation = _world.PickConversation(_random);
        if (_world.PickMessage(conversation, _random) is not { } messageId)
        {
            await PostAsync();
            return;
        }

        var op = _recorder.Begin(new Operation
        {
            Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.RedactMessage, ConversationId = conversation,
            TargetMessageId = messageId,
        });
        var answer = await _http.ExchangeAsync(op, 0, () => new HttpRequestMessage(HttpMethod.Delete, Paths.Message(conversation, messageId)), Retry.UntilResolved);
        if (answer.IsSuccess)
        {
            op.Answered = ObservedMessage.Parse(JsonDocument.Parse(answer.Body).RootElement);
        }

        Conclude(op, answer);
    }

    private async Task UpdateStatusAsync()
    {
        var conversation = _world.PickConversation(_random);
        var roll = _random.Next(100);
        var status = roll < 45 ? "closed" : roll < 85 ? "open" : "archived";
        var op = _recorder.Begin(new Operation
        {
            Id = _recorder.NextId(), Client = _index, Owner = _world.Owner.Name, Kind = OperationKind.UpdateStatus, ConversationId = conversation,
            Requested = status,
        });
        var body = new JsonObject { ["status"] = status }.ToJsonString();
        var answer = await _http.ExchangeAsync(op, 0, () => HistoryHttp.Json(HttpMethod.Put, Paths.Conversation(conversation), body), Retry.UntilResolved);
        if (answer.IsSuccess)
        {
            op.AnsweredConversation = ObservedConversation.Parse(JsonDocument.Parse(answer.Body).RootElement, answer.Version);
        }

        Conclude(op, answer);
    }

    /// <summary>
    /// Settles a write: applied on a 2xx; not applied on a refusal, when nothing before it might have been applied (a
    /// keyed request's last answer is the answer for its key); otherwise unknown.
    /// </summary>
    private void Conclude(Operation op, Answer final)
    {
        op.End = _recorder.Now();
        var earlierUnknown = op.Attempts.Any(a => a.OutcomeUnknown && !a.SaidNothingWritten);
        op.Outcome = final.IsSuccess ? WriteOutcome.Applied
            : final.OutcomeUnknown ? WriteOutcome.Unknown
            : op.IdempotencyKey is not null || !earlierUnknown ? WriteOutcome.NotApplied
            : WriteOutcome.Unknown;
        if (op.Outcome == WriteOutcome.Applied)
        {
            _recorder.CountAcknowledged();
        }
        else
        {
            op.Note ??= final.Error is not null ? $"{final.Status} {final.Error}" : $"{final.Status} {Detail(final.Body)}";
        }
    }

    private SentMessage NewMessage(string token, string? external, string? createdAt, int index)
    {
        var role = Roles[_random.Next(Roles.Length)];
        var direction = _random.Next(4) == 0 ? (_random.Next(2) == 0 ? "inbound" : "outbound") : null;
        var words = string.Join(' ', Enumerable.Range(0, _random.Next(1, 6)).Select(_ => Words[_random.Next(Words.Length)]));
        var metadata = new JsonObject { ["token"] = token, ["n"] = index, ["tags"] = new JsonArray("a", "ü") }.ToJsonString();
        var flow = _random.Next(5) == 0 ? "step-" + token : null;
        return new SentMessage(token, $"{token} {words}", role, direction, external, flow, metadata, createdAt, index);
    }

    private static JsonObject MessageBody(SentMessage message)
    {
        var body = new JsonObject { ["content"] = message.Content, ["role"] = message.Role, ["metadata"] = JsonNode.Parse(message.Metadata) };
        if (message.Direction is not null)
        {
            body["direction"] = message.Direction;
        }

        if (message.ExternalMessageId is not null)
        {
            body["externalMessageId"] = message.ExternalMessageId;
        }

        if (message.FlowStepResultId is not null)
        {
            body["flowStepResultId"] = message.FlowStepResultId;
        }

        if (message.CreatedAt is not null)
        {
            body["createdAt"] = message.CreatedAt;
        }

        return body;
    }

    private string Token(int operationId) => string.Create(CultureInfo.InvariantCulture, $"s{_options.Seed}c{_index}o{operationId}");

    private static string Detail(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _imap?.Dispose();
    }
}
