using System.Text.Json;

namespace Runtype.Testing.History;

/// <summary>
/// Checks a recorded history against the final state: every acknowledged message present exactly once, nothing present
/// that was never sent, counts agreeing, real-time order kept, one message per Idempotency-Key, each conversation's
/// events numbered 1..n, owners apart; and every page, message, conversation and event read during the run consistent
/// with what had been acknowledged before the read began and with the final state; with email, the surfaces' mail in
/// and out against both mailboxes (<see cref="CheckMail"/>). Deterministic: it reads the history, never the clock.
/// </summary>
public sealed partial class HistoryChecker
{
    private readonly IReadOnlyList<Operation> _operations;
    private readonly bool _faultsExpected;
    private readonly HistoryReport _report;
    private readonly Dictionary<string, FinalOwner> _owners = new(StringComparer.Ordinal);

    /// <summary>Where each final message is (by <see cref="Key"/>): its owner, conversation, index in ascending order, and the message.</summary>
    private readonly Dictionary<string, (FinalOwner Owner, string Conversation, int Index, ObservedMessage Message)> _final = new(StringComparer.Ordinal);

    /// <summary>Every message the clients sent (posts, imports, cross-owner writes), by token.</summary>
    private readonly Dictionary<string, (Operation Op, SentMessage Sent)> _sent = new(StringComparer.Ordinal);

    /// <summary>Each message's token (by <see cref="Key"/>), learned from anything that showed it unredacted.</summary>
    private readonly Dictionary<string, string> _tokenOfId = new(StringComparer.Ordinal);

    /// <summary>How often each token is in the final state, and where.</summary>
    private readonly Dictionary<string, List<ObservedMessage>> _present = new(StringComparer.Ordinal);

    /// <summary>Per conversation, acknowledged messages by acknowledgement tick (ascending), for "acknowledged before this read".</summary>
    private readonly Dictionary<string, (long[] Ticks, HashSet<string>[] Ids)> _acknowledged = new(StringComparer.Ordinal);

    /// <summary>When each message's first acknowledged redaction was acknowledged (by <see cref="Key"/>).</summary>
    private readonly Dictionary<string, long> _redactedAt = new(StringComparer.Ordinal);

    private readonly Dictionary<int, Operation> _byId;

    private HistoryChecker(HistoryRecorder recorder, bool faultsExpected)
    {
        _operations = recorder.Operations;
        _byId = _operations.ToDictionary(o => o.Id);
        foreach (var op in _operations.Where(o => o.Kind == OperationKind.RedactMessage && o.Outcome == WriteOutcome.Applied))
        {
            var key = Key(op.ConversationId!, op.TargetMessageId!);
            _redactedAt[key] = Math.Min(_redactedAt.GetValueOrDefault(key, long.MaxValue), op.End);
        }

        _faultsExpected = faultsExpected;
        _report = new HistoryReport { Seed = recorder.Seed, Operations = _operations, Faults = recorder.Faults };
    }

    /// <param name="faultsExpected">
    /// Whether answers of unknown outcome (timeouts, 5xx) are expected: in a run without faults each one is a violation;
    /// in a fault run they are allowed, but every write that carried an Idempotency-Key must still end exactly once.
    /// </param>
    public static HistoryReport Check(HistoryRecorder recorder, FinalOwner ownerA, FinalOwner ownerB, bool faultsExpected)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(ownerA);
        ArgumentNullException.ThrowIfNull(ownerB);
        var checker = new HistoryChecker(recorder, faultsExpected);
        checker._owners[ownerA.Owner] = ownerA;
        checker._owners[ownerB.Owner] = ownerB;
        checker.Index();
        foreach (var owner in new[] { ownerA, ownerB })
        {
            checker.CheckListing(owner);
            foreach (var (id, conversation) in owner.Conversations)
            {
                checker.CheckConversation(owner, id, conversation);
                checker.CheckEvents(owner, id, conversation);
            }

            checker.CheckFeed(owner);
            checker.CheckMail(owner);
        }

        checker.CheckOwnersApart(ownerA, ownerB);
        checker.CheckWrites();
        checker.CheckReads();
        return checker._report;
    }

    private void Violation(string kind, string detail) => _report.Add(kind, detail);

    private void Index()
    {
        IndexMail();
        foreach (var op in _operations)
        {
            foreach (var sent in op.Messages)
            {
                _sent[sent.Token] = (op, sent);
            }

            Learn(op.Answered);
            foreach (var message in op.MessagePages.SelectMany(p => p.Data))
            {
                Learn(message);
            }
        }

        var homes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var owner in _owners.Values)
        {
            foreach (var (id, conversation) in owner.Conversations)
            {
                for (var i = 0; i < conversation.Ascending.Count; i++)
                {
                    var message = conversation.Ascending[i];
                    Learn(message);
                    if (!_final.TryAdd(Key(id, message.Id), (owner, id, i, message)))
                    {
                        Violation("message listed twice", $"{message.Id} in {id} at {i + 1} and at {_final[Key(id, message.Id)].Index + 1}");
                    }

                    if (!homes.TryAdd(message.Id, id) && homes[message.Id] != id)
                    {
                        Violation("message id not unique", $"{message.Id} is a message of {homes[message.Id]} and of {id}");
                    }
                }
            }
        }

        foreach (var (key, place) in _final)
        {
            if (_tokenOfId.TryGetValue(key, out var token))
            {
                _present.TryAdd(token, []);
                _present[token].Add(place.Message);
            }
            else if (!_mailOf.ContainsKey(key))
            {
                Violation("message never sent", $"{place.Message.Id} in {place.Conversation} (owner {place.Owner.Owner}) carries no token of this history and was never seen before it was redacted");
            }
        }

        // Acknowledged messages per conversation, in acknowledgement order.
        foreach (var group in _operations.Where(o => o.Outcome == WriteOutcome.Applied && o.Kind is OperationKind.PostMessage or OperationKind.ImportMessages)
                     .GroupBy(o => o.ConversationId!, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(o => o.End).ToList();
            var ids = new HashSet<string>[ordered.Count];
            var so = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ordered.Count; i++)
            {
                foreach (var id in AcknowledgedIds(ordered[i]))
                {
                    so.Add(id);
                }

                ids[i] = [.. so];
            }

            _acknowledged[group.Key] = (ordered.Select(o => o.End).ToArray(), ids);
        }
    }

    /// <summary>The ids of the messages an applied post or import put there (a duplicate's answer names an older one).</summary>
    private IEnumerable<string> AcknowledgedIds(Operation op)
    {
        if (op.Kind == OperationKind.PostMessage)
        {
            if (op.Answered is { } answered && (!op.Duplicate || answered.Token == op.Messages[0].Token))
            {
                yield return answered.Id;
            }

            yield break;
        }

        foreach (var sent in op.Messages)
        {
            if (_present.TryGetValue(sent.Token, out var found) && found.Count == 1)
            {
                yield return found[0].Id;
            }
        }
    }

    /// <summary>The messages of <paramref name="conversation"/> acknowledged before tick <paramref name="tick"/>.</summary>
    private HashSet<string> AcknowledgedBefore(string conversation, long tick)
    {
        if (!_acknowledged.TryGetValue(conversation, out var acknowledged))
        {
            return new HashSet<string>();
        }

        var index = Array.BinarySearch(acknowledged.Ticks, tick);
        index = index < 0 ? ~index : index;
        return index == 0 ? new HashSet<string>() : acknowledged.Ids[index - 1];
    }

    private void Learn(ObservedMessage? message)
    {
        if (message?.Token is not { } token)
        {
            return;
        }

        var key = Key(message.ConversationId, message.Id);
        if (_tokenOfId.TryGetValue(key, out var known) && known != token)
        {
            Violation("one id, two messages", $"{key} was seen carrying {known} and {token}");
        }

        _tokenOfId[key] = token;
    }

    /// <summary>A message's identity: ids should be unique for all time, but if two conversations shared one, each keeps its own.</summary>
    private static string Key(string conversation, string messageId) => conversation + "/" + messageId;

    private static bool SameJson(string a, string b) => JsonElement.DeepEquals(JsonDocument.Parse(a).RootElement, JsonDocument.Parse(b).RootElement);

    /// <summary>Whether a message, as shown, is what was sent (or what is left of it after a redaction).</summary>
    private static string? Mismatch(ObservedMessage shown, SentMessage sent, string conversation)
    {
        if (shown.ConversationId != conversation)
        {
            return $"conversationId {shown.ConversationId}";
        }

        // An emailed message sent without an externalMessageId gets its mail's Message-ID (checked in full with the mail).
        var assignedMessageId = sent.ExternalMessageId is null && shown.Delivery is not null
            && shown.ExternalMessageId?.StartsWith("<" + shown.Id + "@", StringComparison.Ordinal) == true;
        if (shown.Role != sent.Role || shown.Direction != sent.ExpectedDirection || (shown.ExternalMessageId != sent.ExternalMessageId && !assignedMessageId)
            || shown.FlowStepResultId != sent.FlowStepResultId)
        {
            return $"role/direction/externalMessageId/flowStepResultId {shown.Role}/{shown.Direction}/{shown.ExternalMessageId}/{shown.FlowStepResultId}, sent {sent.Role}/{sent.ExpectedDirection}/{sent.ExternalMessageId}/{sent.FlowStepResultId}";
        }

        if (sent.CreatedAt is not null && shown.CreatedAt != sent.CreatedAt)
        {
            return $"createdAt {shown.CreatedAt}, imported with {sent.CreatedAt}";
        }

        return shown.Redacted
            ? shown.Content.Length == 0 && SameJson(shown.Metadata, "{}") ? null : "redacted but content or metadata kept"
            : shown.Content == sent.Content && SameJson(shown.Metadata, sent.Metadata) ? null : "content or metadata differ from what was sent";
    }
}
