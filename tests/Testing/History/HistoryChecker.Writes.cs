using System.Text.Json;

namespace Runtype.Testing.History;

public sealed partial class HistoryChecker
{
    /// <summary>
    /// Each write against the final state: acknowledged messages exactly once, refused ones absent, unknown ones at most
    /// once; every answer for one Idempotency-Key the same; redactions and status changes as answered.
    /// </summary>
    private void CheckWrites()
    {
        foreach (var op in _operations)
        {
            CheckAnswers(op);
            switch (op.Kind)
            {
                case OperationKind.PostMessage:
                    CheckPost(op);
                    break;
                case OperationKind.ImportMessages:
                    CheckImport(op);
                    break;
                case OperationKind.RedactMessage:
                    CheckRedaction(op);
                    break;
                case OperationKind.UpdateStatus when op.Outcome == WriteOutcome.Applied && op.AnsweredConversation?.Status != op.Requested:
                    Violation("update not as answered", $"{op}: asked for {op.Requested}, answered {op.AnsweredConversation?.Status}");
                    break;
                case OperationKind.CrossOwnerProbe:
                    foreach (var sent in op.Messages.Where(s => Present(s.Token) > 0))
                    {
                        Violation("owners not apart", $"{op}: {sent.Token}, written with another owner's key, is stored");
                    }

                    break;
            }
        }

        // A message redacted that no redaction of its owner asked for.
        foreach (var place in _final.Values.Where(f => f.Message.Redacted))
        {
            var id = place.Message.Id;
            if (!_operations.Any(o => o.Kind == OperationKind.RedactMessage && o.TargetMessageId == id && o.ConversationId == place.Conversation && o.Owner == place.Owner.Owner && o.Outcome != WriteOutcome.NotApplied))
            {
                Violation("redacted without a redaction", $"{id} in {place.Conversation} is redacted, but no redaction of {place.Owner.Owner} asked for it");
            }
        }
    }

    /// <summary>What every operation's exchanges may answer, and the rules for one Idempotency-Key.</summary>
    private void CheckAnswers(Operation op)
    {
        var attempts = op.Attempts;
        if (!_faultsExpected && attempts.Any(a => a.OutcomeUnknown))
        {
            Violation("unavailable without a fault", $"{op}");
        }

        // Outages are 503 with Retry-After; any other 5xx means an error nobody classified (docs/reliability.md).
        if (attempts.FirstOrDefault(a => a.Status >= 500 && a.Status != 503) is { } failed)
        {
            Violation("5xx other than 503", $"{op}: {failed.Status} {failed.Body}");
        }

        foreach (var attempt in attempts.Where(a => a.Status is >= 200 and < 500 && a.Error is not null))
        {
            Violation("answer without a readable body", $"{op}: {attempt.Status}{(attempt.Replayed ? " (idempotent replay)" : "")} with body '{attempt.Body}'");
        }

        foreach (var attempt in attempts.Where(a => !a.OutcomeUnknown && a.Error is null && !Expected(op, a)))
        {
            Violation("unexpected answer", $"{op}: {attempt.Status} {attempt.Body}");
        }

        if (op.IdempotencyKey is not null && op.IsWrite && op.Outcome == WriteOutcome.Unknown)
        {
            Violation("keyed write unresolved", $"{op}: retried with its Idempotency-Key for the whole time allowed and never got a definitive answer");
        }

        if (op.IdempotencyKey is null)
        {
            return;
        }

        // Every 2xx for one key names the same thing.
        var answers = attempts.Where(a => a.Status is >= 200 and < 300 && a.Error is null && a.Body is not null).Select(a => Identity(op, a.Body!)).Distinct(StringComparer.Ordinal).ToList();
        if (answers.Count > 1)
        {
            Violation("one key, two answers", $"{op}: {string.Join(" | ", answers)}");
        }
    }

    /// <summary>Whether a definitive answer is one this operation may get.</summary>
    private static bool Expected(Operation op, Attempt attempt)
    {
        var body = attempt.Body ?? "";
        if (op.Kind == OperationKind.CrossOwnerProbe)
        {
            return attempt.Status == 404 || (attempt.Status == 200 && op.Requested == "events");
        }

        return attempt.Status switch
        {
            >= 200 and < 300 => true,
            429 => true,
            // Another request with this key is still running, or the conversation is archived (read-only).
            409 => body.Contains("still being processed", StringComparison.Ordinal)
                || (body.Contains("archived", StringComparison.Ordinal) && op.Kind is OperationKind.PostMessage or OperationKind.ImportMessages)
                // The thread is this request's own: an earlier try created its conversation.
                || (op.Kind == OperationKind.CreateConversation && op.ExternalThreadId is not null && op.Attempts.Count > 1),
            // An import's createdAt a post overtook.
            400 => op.Kind == OperationKind.ImportMessages && body.Contains("createdAt", StringComparison.Ordinal),
            _ => false,
        };
    }

    private static string Identity(Operation op, string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        return op.Kind == OperationKind.ImportMessages
            ? $"imported {root.GetProperty("imported").GetInt32()} skipped {root.GetProperty("skipped").GetArrayLength()}"
            : root.GetProperty("id").GetString()!;
    }

    private int Present(string token) => _present.TryGetValue(token, out var found) ? found.Count : 0;

    private void CheckPost(Operation op)
    {
        var sent = op.Messages[0];
        var present = Present(sent.Token);
        // Only the tries that said "nothing was written" could have written it (every other try was refused).
        var saidNothing = op.Attempts.Any(a => a.SaidNothingWritten) && !op.Attempts.Any(a => a.OutcomeUnknown && !a.SaidNothingWritten);
        switch (op.Outcome)
        {
            case WriteOutcome.Applied when op.Answered is { } answered:
                var ours = answered.Token == sent.Token || (answered.Token is null && _tokenOfId.GetValueOrDefault(Key(op.ConversationId!, answered.Id)) == sent.Token);
                if (!op.Duplicate || ours)
                {
                    if (present != 1)
                    {
                        Violation("acknowledged message not exactly once", $"{op}: {sent.Token} is stored {present} times");
                    }
                    else if (_present[sent.Token][0].Id != answered.Id)
                    {
                        Violation("acknowledged message not exactly once", $"{op}: acknowledged as {answered.Id}, stored as {_present[sent.Token][0].Id}");
                    }

                    if (!ours)
                    {
                        Violation("answer is not the message sent", $"{op}: answered {answered.Id} carrying {answered.Token}");
                    }
                    else if (Mismatch(answered, sent, op.ConversationId!) is { } mismatch)
                    {
                        Violation("answer is not the message sent", $"{op}: {mismatch}");
                    }

                    if (op.Duplicate && saidNothing && op.IdempotencyKey is null)
                    {
                        Violation("503 said nothing was written", $"{op}: a retry found this very message stored by a try the API had answered 'nothing was written'");
                    }
                }
                else
                {
                    // A re-delivery: the stored message with that externalMessageId, and nothing new.
                    if (present != 0)
                    {
                        Violation("duplicate stored", $"{op}: answered 200 with {answered.Id}, yet {sent.Token} is stored {present} times");
                    }

                    if (answered.ExternalMessageId != sent.ExternalMessageId || !_final.ContainsKey(Key(op.ConversationId!, answered.Id)))
                    {
                        Violation("duplicate answer", $"{op}: answered {answered.Id} with externalMessageId {answered.ExternalMessageId}, sent {sent.ExternalMessageId}");
                    }
                }

                break;
            case WriteOutcome.Applied:
                Violation("acknowledged message not exactly once", $"{op}: acknowledged without a message");
                break;
            case WriteOutcome.NotApplied when present != 0:
                Violation(saidNothing && op.IdempotencyKey is null ? "503 said nothing was written" : "refused write stored", $"{op}: refused ({op.Note}), yet {sent.Token} is stored {present} times");
                break;
            case WriteOutcome.Unknown when present > 1:
                Violation("duplicate stored", $"{op}: outcome unknown, {sent.Token} stored {present} times");
                break;
        }

        // A re-delivery of a message acknowledged (and stored) before it was sent must be answered as a duplicate. (If
        // the earlier message was lost, that loss is the violation, found where it was acknowledged.)
        if (op.RedeliveryOf is { } external && op.Outcome == WriteOutcome.Applied && !op.Duplicate
            && _operations.Any(o => o.End < op.Start && o.Outcome == WriteOutcome.Applied && o.ConversationId == op.ConversationId
                && o.Messages.Any(m => m.ExternalMessageId == external && Present(m.Token) == 1)))
        {
            Violation("duplicate stored", $"{op}: re-delivered {external}, acknowledged and stored earlier, and got a 201");
        }
    }

    private void CheckImport(Operation op)
    {
        var counts = op.Messages.Select(m => Present(m.Token)).ToList();
        switch (op.Outcome)
        {
            case WriteOutcome.Applied when op.ImportAnswer is var (imported, skipped, _):
                var externalsBefore = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < op.Messages.Count; i++)
                {
                    var message = op.Messages[i];
                    var external = message.ExternalMessageId;
                    var repeated = external is not null && !externalsBefore.Add(external);
                    var maySkip = external is not null && skipped.Contains(external);
                    var expected = repeated ? "absent" : maySkip ? "at most once" : "exactly once";
                    if ((repeated && counts[i] != 0) || (maySkip && counts[i] > 1) || (!repeated && !maySkip && counts[i] != 1))
                    {
                        Violation("acknowledged import not exactly once", $"{op}: message {i} ({message.Token}) expected {expected}, stored {counts[i]} times; answer imported {imported}, skipped [{string.Join(",", skipped)}]");
                    }
                }

                // "Skipped" says the conversation holds that externalMessageId already: it must be there.
                var stored = FinalOf(op.ConversationId!)?.Ascending.Select(m => m.ExternalMessageId).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
                foreach (var external in skipped.Where(e => !stored.Contains(e)))
                {
                    Violation("import skipped a message it did not have", $"{op}: answered {external} as skipped (already there), but the conversation has no message with it");
                }

                if (imported + skipped.Count != op.Messages.Count)
                {
                    Violation("import answer", $"{op}: imported {imported} + skipped {skipped.Count} != {op.Messages.Count} sent");
                }

                if ((op.IdempotencyKey is not null || op.Attempts.All(a => !a.OutcomeUnknown)) && counts.Sum() != imported)
                {
                    Violation("acknowledged import not exactly once", $"{op}: answered imported {imported}, {counts.Sum()} of its messages are stored");
                }

                break;
            case WriteOutcome.NotApplied when counts.Any(c => c != 0):
                Violation("refused write stored", $"{op}: refused ({op.Note}), yet {counts.Sum()} of its messages are stored");
                break;
            case WriteOutcome.Unknown when counts.Any(c => c > 1):
                Violation("duplicate stored", $"{op}: outcome unknown, some of its messages stored more than once ({string.Join(",", counts)})");
                break;
        }
    }

    private void CheckRedaction(Operation op)
    {
        var target = op.TargetMessageId!;
        _final.TryGetValue(Key(op.ConversationId!, target), out var stored);
        switch (op.Outcome)
        {
            case WriteOutcome.Applied:
                if (op.Answered is not { Redacted: true, Content.Length: 0 } answered || answered.Id != target)
                {
                    Violation("redaction not as answered", $"{op}: the answer is not {target} redacted");
                }
                else if (stored.Message is not { Redacted: true } final || final.RedactedAt != answered.RedactedAt)
                {
                    Violation("redaction lost", $"{op}: {target} acknowledged redacted at {answered.RedactedAt}, stored as redactedAt {stored.Message?.RedactedAt ?? "(missing)"}");
                }

                break;
        }
    }
}
