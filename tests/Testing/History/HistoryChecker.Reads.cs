namespace Runtype.Testing.History;

public sealed partial class HistoryChecker
{
    /// <summary>Every page, message, conversation and event read during the run, against what was acknowledged before it and the final state.</summary>
    private void CheckReads()
    {
        foreach (var op in _operations)
        {
            switch (op.Kind)
            {
                case OperationKind.ListMessages:
                    CheckMessagePages(op);
                    break;
                case OperationKind.GetMessage when op.Answered is { } message:
                    if (message.Id != op.TargetMessageId)
                    {
                        Violation("read the wrong message", $"{op}: asked for {op.TargetMessageId}, got {message.Id}");
                    }

                    CheckShown(op, message, op.Start, "one message");
                    break;
                case OperationKind.GetConversation when op.AnsweredConversation is { } conversation:
                    CheckCount(op, op.ConversationId!, conversation.MessageCount, op.Start, "messageCount");
                    if (FinalOf(op.ConversationId!) is { } final && conversation.Version > final.Detailed.Version)
                    {
                        Violation("read from the future", $"{op}: version {conversation.Version}, final version {final.Detailed.Version}");
                    }

                    break;
                case OperationKind.ListConversations:
                    CheckConversationPages(op);
                    break;
                case OperationKind.ReadEvents or OperationKind.CrossOwnerProbe:
                    foreach (var page in op.EventPages)
                    {
                        CheckEventPage(op, page);
                    }

                    break;
            }
        }
    }

    private FinalConversation? FinalOf(string conversation) =>
        _owners.Values.Select(o => o.Conversations.GetValueOrDefault(conversation)).FirstOrDefault(c => c is not null);

    /// <summary>A count read at <paramref name="tick"/>: at least every message acknowledged before, at most what is there at the end.</summary>
    private void CheckCount(Operation op, string conversation, long count, long tick, string what)
    {
        var before = AcknowledgedBefore(conversation, tick).Count;
        var final = FinalOf(conversation)?.Ascending.Count ?? 0;
        if (count < before || count > final)
        {
            Violation("count read wrong", $"{op}: {what} {count} for {conversation}, but {before} messages were acknowledged before the read and {final} are there at the end");
        }
    }

    /// <summary>A message as a read showed it: in its conversation at the end, in the same place, redacted only if asked, and never unredacted after its redaction was acknowledged.</summary>
    private void CheckShown(Operation op, ObservedMessage shown, long tick, string what)
    {
        if (!_final.TryGetValue(Key(op.ConversationId!, shown.Id), out var final))
        {
            Violation("phantom read", $"{op}: {what} showed {shown.Id} ({shown.Token}), which is not there at the end");
            return;
        }

        if (!shown.SamePlaceAs(final.Message))
        {
            Violation("read disagrees with the final state", $"{op}: {what} showed {shown.Id} unlike the stored message");
        }

        if (shown.Redacted)
        {
            if (!final.Message.Redacted || shown.RedactedAt != final.Message.RedactedAt || shown.Content.Length != 0)
            {
                Violation("read disagrees with the final state", $"{op}: {what} showed {shown.Id} redacted at {shown.RedactedAt}; at the end redactedAt is {final.Message.RedactedAt}");
            }
        }
        else
        {
            if (_redactedAt.TryGetValue(Key(op.ConversationId!, shown.Id), out var redactedAt) && redactedAt < tick)
            {
                Violation("redacted content served", $"{op}: {what} showed {shown.Id} with its content after its redaction was acknowledged");
            }

            if (!final.Message.Redacted && (shown.Content != final.Message.Content || !SameJson(shown.Metadata, final.Message.Metadata)))
            {
                Violation("read disagrees with the final state", $"{op}: {what} showed {shown.Id} with other content");
            }
        }
    }

    /// <summary>
    /// Message pages: each page a run of consecutive positions of the final listing (nothing twice, nothing skipped,
    /// nothing that is not there at the end), starting where its cursor left off and, when it is the last, ending at
    /// its totalCount; totalCount at least what was acknowledged before the read.
    /// </summary>
    private void CheckMessagePages(Operation op)
    {
        var conversation = op.ConversationId!;
        var final = FinalOf(conversation);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int? previousLast = null;
        foreach (var page in op.MessagePages)
        {
            var where = $"page {page.PageIndex} ({(page.Descending ? "desc" : "asc")}, limit {page.Limit}, totalCount {page.TotalCount}, {page.Data.Count} messages)";
            CheckCount(op, conversation, page.TotalCount, page.Start, where + " totalCount");
            if (page.Data.Count > page.Limit)
            {
                Violation("page too long", $"{op}: {where}");
            }

            var indices = new List<int>();
            foreach (var message in page.Data)
            {
                if (!seen.Add(message.Id))
                {
                    Violation("message listed twice", $"{op}: {where} lists {message.Id} ({message.Token ?? _tokenOfId.GetValueOrDefault(Key(conversation, message.Id))}) again");
                }

                CheckShown(op, message, page.Start, where);
                indices.Add(_final.TryGetValue(Key(conversation, message.Id), out var place) ? place.Index : -1);
            }

            var step = page.Descending ? -1 : 1;
            var expectedFirst = previousLast is { } last ? last + step : page.Descending ? (int)page.TotalCount - 1 : 0;
            var consecutive = indices.Count == 0 || (indices[0] == expectedFirst && indices.Zip(indices.Skip(1)).All(p => p.Second == p.First + step));
            var endsRight = page.HasNext || indices.Count == 0 || indices[^1] == (page.Descending ? 0 : (int)page.TotalCount - 1);
            if (!consecutive || !endsRight || indices.Contains(-1))
            {
                Violation("page is not a run of the listing", $"{op}: {where} shows final positions [{string.Join(",", indices.Select(i => i + 1))}], expected from {expectedFirst + 1}{(page.HasNext ? "" : $" to {(page.Descending ? 1 : page.TotalCount)}")}");
            }

            if (indices.Count > 0)
            {
                previousLast = indices[^1];
            }
        }

        if (op.Complete && final is not null)
        {
            var missing = AcknowledgedBefore(conversation, op.Start).Where(id => !seen.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                Violation("acknowledged message not read", $"{op}: a listing followed to its end missed {missing.Count} messages acknowledged before it began: {string.Join(", ", missing.Take(5))}");
            }
        }
    }

    /// <summary>Conversation pages: the owner's own conversations, none twice, counts at least what was acknowledged before.</summary>
    private void CheckConversationPages(Operation op)
    {
        var owner = _owners[op.Owner];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var createdBefore = _operations.Count(o => o.Kind == OperationKind.CreateConversation && o.Owner == op.Owner && o.Outcome == WriteOutcome.Applied && o.End < op.Start);
        foreach (var page in op.ConversationPages)
        {
            if (page.TotalCount < createdBefore || page.TotalCount > owner.Conversations.Count)
            {
                Violation("count read wrong", $"{op}: page {page.PageIndex} totalCount {page.TotalCount}, but {createdBefore} conversations were created before and {owner.Conversations.Count} exist at the end");
            }

            foreach (var conversation in page.Data)
            {
                if (!seen.Add(conversation.Id))
                {
                    Violation("conversation listed twice", $"{op}: page {page.PageIndex} lists {conversation.Id} again");
                }

                if (!owner.Conversations.ContainsKey(conversation.Id))
                {
                    Violation("owners not apart", $"{op}: {op.Owner}'s listing shows {conversation.Id}, not its conversation");
                    continue;
                }

                CheckCount(op, conversation.Id, conversation.MessageCount, page.Start, $"page {page.PageIndex} messageCount");
            }
        }
    }

    /// <summary>An event page: the owner's events only, each conversation's sequence going on by one from where this reader was.</summary>
    private void CheckEventPage(Operation op, EventPage page)
    {
        var owner = _owners[op.Owner];
        if (op.Kind == OperationKind.CrossOwnerProbe)
        {
            if (page.Data.Count > 0)
            {
                Violation("owners not apart", $"{op}: the feed filtered by another owner's conversation returned {page.Data.Count} events");
            }

            return;
        }

        var next = new Dictionary<string, long>(page.AfterSequences, StringComparer.Ordinal);
        foreach (var e in page.Data)
        {
            if (!owner.Conversations.TryGetValue(e.ConversationId, out var conversation))
            {
                Violation("owners not apart", $"{op}: {op.Owner}'s feed shows an event of {e.ConversationId}");
                continue;
            }

            if (page.ConversationFilter is not null && e.ConversationId != page.ConversationFilter)
            {
                Violation("feed filter", $"{op}: the feed filtered by {page.ConversationFilter} returned an event of {e.ConversationId}");
            }

            var expected = next.GetValueOrDefault(e.ConversationId) + 1;
            if (e.Sequence != expected)
            {
                Violation("event sequence read", $"{op}: {e.ConversationId} event #{e.Sequence} ({e.Type}) where #{expected} was next for this reader");
            }

            next[e.ConversationId] = e.Sequence;
            if (e.Sequence < 1 || e.Sequence > conversation.Events.Count || conversation.Events[(int)e.Sequence - 1].Id != e.Id || conversation.Events[(int)e.Sequence - 1].Type != e.Type)
            {
                Violation("phantom event", $"{op}: {e.ConversationId}#{e.Sequence} {e.Type} {e.Id} is not that conversation's event #{e.Sequence} at the end");
            }
        }
    }
}
