using System.Text.Json;

namespace Runtype.Testing.History;

/// <summary>What a history operation does. Writes change the service; reads observe it.</summary>
public enum OperationKind
{
    CreateConversation,
    PostMessage,
    ImportMessages,
    RedactMessage,
    UpdateStatus,
    ListMessages,
    GetMessage,
    GetConversation,
    ListConversations,
    ReadEvents,
    CrossOwnerProbe,

    /// <summary>Registers the owner's email surface (set-up).</summary>
    ConfigureSurface,

    /// <summary>Puts a mail into the email surface's mailbox (over IMAP, not the API).</summary>
    DeliverMail,

    /// <summary>Asks for a poll of the email surface's mailbox.</summary>
    PollMailbox,
}

/// <summary>
/// What the client learned about a write. <see cref="Unknown"/>: no definitive answer (a timeout, a dropped connection,
/// a 503 that says it may or may not have been applied) and no retry resolved it, so it may be there once or not at all.
/// </summary>
public enum WriteOutcome
{
    Pending,
    Applied,
    NotApplied,
    Unknown,
}

/// <summary>One HTTP exchange of an operation. <see cref="Lane"/> tells apart two racing requests of one operation.</summary>
public sealed record Attempt(int Lane, int Node, long Start, long End, int Status, string? Error, string? Body, bool Replayed)
{
    /// <summary>Whether the server may have acted on it without saying so: no answer at all, or a 5xx.</summary>
    public bool OutcomeUnknown => Status == 0 || Status >= 500 || (Status is >= 200 and < 300 && Error is not null);

    /// <summary>A 503 whose body says the write was not applied.</summary>
    public bool SaidNothingWritten => Status == 503 && Body?.Contains("nothing was written", StringComparison.Ordinal) == true;
}

/// <summary>A message as the client sent it (a post, or one message of an import). Its token is in its content and metadata.</summary>
public sealed record SentMessage(
    string Token, string Content, string Role, string? Direction, string? ExternalMessageId, string? FlowStepResultId, string Metadata,
    string? CreatedAt, int Index)
{
    public string ExpectedDirection => Direction ?? (Role == "user" ? "inbound" : "outbound");
}

/// <summary>A message as the service answered it, anywhere: a write's answer, a page, one message, an event's data.</summary>
public sealed record ObservedMessage(
    string Id, string ConversationId, string Role, string? Direction, string Content, string? ExternalMessageId, string? FlowStepResultId,
    string Metadata, string CreatedAt, string? RedactedAt)
{
    /// <summary>The token the client put in the metadata; null once redacted (metadata becomes <c>{}</c>).</summary>
    public string? Token { get; init; }

    /// <summary>How its emailing stands (outbound messages on a surface that sends mail); null on every other message.</summary>
    public ObservedDelivery? Delivery { get; init; }

    public bool Redacted => RedactedAt is not null;

    public static ObservedMessage Parse(JsonElement m)
    {
        var metadata = m.GetProperty("metadata");
        return new ObservedMessage(
            m.GetProperty("id").GetString()!, m.GetProperty("conversationId").GetString()!, m.GetProperty("role").GetString()!,
            Text(m, "direction"), m.GetProperty("content").GetString()!, Text(m, "externalMessageId"), Text(m, "flowStepResultId"),
            metadata.GetRawText(), m.GetProperty("createdAt").GetString()!, Text(m, "redactedAt"))
        {
            Token = metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("token", out var token) ? token.GetString() : null,
            Delivery = m.TryGetProperty("delivery", out var delivery) && delivery.ValueKind == JsonValueKind.Object ? ObservedDelivery.Parse(delivery) : null,
        };
    }

    /// <summary>Everything but what a redaction erases (content, metadata, redactedAt).</summary>
    public bool SamePlaceAs(ObservedMessage other) =>
        Id == other.Id && ConversationId == other.ConversationId && Role == other.Role && Direction == other.Direction
        && ExternalMessageId == other.ExternalMessageId && FlowStepResultId == other.FlowStepResultId && CreatedAt == other.CreatedAt;

    internal static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>A message's <c>delivery</c>: <c>pending</c>, <c>sent</c> or <c>failed</c>, with its attempts.</summary>
public sealed record ObservedDelivery(string Status, int Attempts, string? LastError, string? SentAt)
{
    public static ObservedDelivery Parse(JsonElement d) =>
        new(d.GetProperty("status").GetString()!, d.TryGetProperty("attempts", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 0,
            ObservedMessage.Text(d, "lastError"), ObservedMessage.Text(d, "sentAt"));
}

/// <summary>A conversation as a read answered it (detailed or list form). <see cref="Version"/> comes from the ETag, when there is one.</summary>
public sealed record ObservedConversation(string Id, string Status, long MessageCount, string? Subject, long? Version)
{
    public string? SurfaceId { get; init; }

    public string? ParticipantEmail { get; init; }

    public static ObservedConversation Parse(JsonElement c, long? version) =>
        new(c.GetProperty("id").GetString()!, c.GetProperty("status").GetString()!, c.GetProperty("messageCount").GetInt64(),
            ObservedMessage.Text(c, "subject"), version)
        {
            SurfaceId = ObservedMessage.Text(c, "surfaceId"),
            ParticipantEmail = ObservedMessage.Text(c, "participantEmail"),
        };
}

/// <summary>An event of the feed.</summary>
public sealed record ObservedEvent(string Id, string Type, string ConversationId, long Sequence, string Data, string? PreviousAttributes)
{
    public static ObservedEvent Parse(JsonElement e) =>
        new(e.GetProperty("id").GetString()!, e.GetProperty("type").GetString()!, e.GetProperty("conversationId").GetString()!,
            e.GetProperty("sequence").GetInt64(), e.GetProperty("data").GetRawText(),
            e.TryGetProperty("previousAttributes", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetRawText() : null);
}

/// <summary>One page of a message listing read during the run.</summary>
public sealed record MessagePage(int PageIndex, bool Descending, int Limit, long TotalCount, bool HasNext, IReadOnlyList<ObservedMessage> Data, long Start, long End);

/// <summary>One page of a conversation listing.</summary>
public sealed record ConversationPage(int PageIndex, long TotalCount, bool HasNext, IReadOnlyList<ObservedConversation> Data, long Start, long End);

/// <summary>
/// One page of the event feed. <see cref="AfterSequences"/>: for each conversation, the last sequence this reader had
/// already seen before the page (its cursor continues from there), so the page must go on from it without gap or repeat.
/// </summary>
public sealed record EventPage(string? ConversationFilter, IReadOnlyList<ObservedEvent> Data, IReadOnlyDictionary<string, long> AfterSequences, bool FromStart, long Start, long End);

/// <summary>
/// One operation of one client: what it meant to do, every exchange it made, and what it concluded. Times are ticks of
/// the history's logical clock (<see cref="HistoryRecorder.Now"/>), so "acknowledged before that read began" is exact.
/// </summary>
public sealed class Operation
{
    private readonly Lock _gate = new();
    private readonly List<Attempt> _attempts = [];

    public required int Id { get; init; }

    public required int Client { get; init; }

    public required string Owner { get; init; }

    public required OperationKind Kind { get; init; }

    public string? ConversationId { get; set; }

    public string? IdempotencyKey { get; init; }

    /// <summary>Two requests with the same key sent at once.</summary>
    public bool Racing { get; init; }

    public long Start { get; set; }

    public long End { get; set; }

    public WriteOutcome Outcome { get; set; }

    /// <summary>What the checker or the client noted about it (a refusal's reason, an unexpected answer).</summary>
    public string? Note { get; set; }

    /// <summary>Posts: one message; imports: the batch, in order.</summary>
    public IReadOnlyList<SentMessage> Messages { get; init; } = [];

    /// <summary>A post: the message the answer named (201 or a 200 duplicate), as answered.</summary>
    public ObservedMessage? Answered { get; set; }

    /// <summary>A post answered 200: an earlier message with this externalMessageId.</summary>
    public bool Duplicate { get; set; }

    /// <summary>A post meant to repeat an externalMessageId an earlier acknowledged post used (a re-delivery).</summary>
    public string? RedeliveryOf { get; init; }

    /// <summary>An import's answer.</summary>
    public (int Imported, IReadOnlyList<string> Skipped, long MessageCount)? ImportAnswer { get; set; }

    /// <summary>Redaction, one message: the message; cross-owner probes: what was probed.</summary>
    public string? TargetMessageId { get; init; }

    /// <summary>Status update: the status asked for; conversation creation: the subject (its token).</summary>
    public string? Requested { get; init; }

    /// <summary>Conversation creation: the externalThreadId sent, if any.</summary>
    public string? ExternalThreadId { get; init; }

    /// <summary>Conversation creation, one message, status update: what the answer carried.</summary>
    public ObservedConversation? AnsweredConversation { get; set; }

    public List<MessagePage> MessagePages { get; } = [];

    public List<ConversationPage> ConversationPages { get; } = [];

    public List<EventPage> EventPages { get; } = [];

    /// <summary>A message listing followed to its last page.</summary>
    public bool Complete { get; set; }

    /// <summary>A mail put into the email surface's mailbox.</summary>
    public SentMail? Mail { get; init; }

    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    public bool IsWrite => Kind is OperationKind.CreateConversation or OperationKind.PostMessage or OperationKind.ImportMessages
        or OperationKind.RedactMessage or OperationKind.UpdateStatus;

    public void Add(Attempt attempt)
    {
        lock (_gate)
        {
            _attempts.Add(attempt);
        }
    }

    public override string ToString() =>
        $"op {Id} (client {Client}, {Owner}, {Kind}{(ConversationId is null ? "" : " " + ConversationId)}{(IdempotencyKey is null ? "" : ", key " + IdempotencyKey)}{(Racing ? ", racing" : "")}): {Outcome}"
        + (Note is null ? "" : $" [{Note}]") + " " + string.Join(", ", Attempts.Select(a => a.Status == 0 ? a.Error : a.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) + (a.Replayed ? " (replay)" : "") + (a.Error is null ? "" : $" ({a.Error})")));
}
