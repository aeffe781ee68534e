using Runtype.Grains.Storage;

namespace Runtype.Grains.Conversations;

/// <summary>
/// One history import as the grain works through it: the batch as sent, each message with the id it is stored under
/// (reserved by the request's Idempotency-Key, else made once here so every attempt names the same messages), and
/// which messages are skipped because the batch (earlier) or the conversation already holds their external id.
/// </summary>
internal sealed class ImportBatch
{
    private readonly IReadOnlyList<HistoricMessage> _batch;
    private readonly string[] _ids;
    private readonly bool[] _skipped;

    public ImportBatch(IReadOnlyList<HistoricMessage> batch)
    {
        _batch = batch;
        _ids = new string[batch.Count];
        _skipped = new bool[batch.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            _ids[i] = batch[i].Message.Id ?? Identifiers.NewMessageId();
            _skipped[i] = batch[i].Message.ExternalMessageId is { } externalId && !seen.Add(externalId);
        }
    }

    /// <summary>Whether the ids are the request's reserved ones, so an earlier attempt may have stored them.</summary>
    public bool IsReserved => _batch.Count > 0 && _batch[0].Message.Id is not null;

    /// <summary>The places (in the batch as sent) of the messages still to import, in order.</summary>
    public IEnumerable<int> Pending => Enumerable.Range(0, _batch.Count).Where(i => !_skipped[i]);

    /// <summary>The external ids of the skipped messages, in batch order.</summary>
    public IReadOnlyList<string> Skipped => Enumerable.Range(0, _batch.Count).Where(i => _skipped[i]).Select(i => _batch[i].Message.ExternalMessageId!).ToArray();

    /// <summary>The messages still to import as they would be stored after <paramref name="current"/>'s messages.</summary>
    public List<Message> Plan(Conversation current) =>
        [.. Pending.Select((index, k) => Stored(index, current.Id, current.MessageCount + 1 + k))];

    /// <summary>
    /// Refuses the pending messages dated before the conversation's last message or after <paramref name="now"/>;
    /// null when every one is in range.
    /// </summary>
    public MessageImportResult? RefuseCreatedAt(DateTime? lastMessageAt, DateTime now)
    {
        var early = Pending.Where(i => lastMessageAt is { } last && _batch[i].CreatedAt < last).ToArray();
        var future = Pending.Where(i => _batch[i].CreatedAt > now).ToArray();
        return early.Length == 0 && future.Length == 0 ? null : new MessageImportResult(ImportOutcome.CreatedAtRefused, TooEarly: early, InFuture: future);
    }

    /// <summary>Skips the pending messages whose external id the store says the conversation holds; false when there were none.</summary>
    public bool SkipStored(IReadOnlyList<string> takenExternalIds)
    {
        var taken = takenExternalIds.ToHashSet(StringComparer.Ordinal);
        var skipped = false;
        foreach (var i in Pending.ToList())
        {
            if (_batch[i].Message.ExternalMessageId is { } externalId && taken.Contains(externalId))
            {
                _skipped[i] = skipped = true;
            }
        }

        return skipped;
    }

    /// <summary>
    /// When the store holds some of this batch's reserved ids, an earlier attempt of the same request committed the
    /// import (all or nothing, so all it imported): what that attempt answered. Null otherwise.
    /// </summary>
    public MessageImportResult? Earlier(AppendBatchResult refusal, Conversation current)
    {
        if (!IsReserved || refusal.TakenMessageIds.Count == 0)
        {
            return null;
        }

        var stored = refusal.TakenMessageIds.ToHashSet(StringComparer.Ordinal);
        var skipped = Enumerable.Range(0, _batch.Count).Where(i => !stored.Contains(_ids[i])).Select(i => _batch[i].Message.ExternalMessageId).OfType<string>();
        return new MessageImportResult(ImportOutcome.Imported, stored.Count, skipped.ToArray(), current.MessageCount);
    }

    private Message Stored(int index, string conversationId, long position)
    {
        var (message, createdAt) = (_batch[index].Message, _batch[index].CreatedAt);
        return new Message
        {
            Id = _ids[index],
            ConversationId = conversationId,
            Position = position,
            Role = message.Role,
            Direction = message.Direction ?? MessageAppend.DefaultDirection(message.Role),
            Content = message.Content,
            ExternalMessageId = message.ExternalMessageId,
            FlowStepResultId = message.FlowStepResultId,
            Metadata = message.Metadata,
            CreatedAt = createdAt,
        };
    }
}
