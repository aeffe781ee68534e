namespace Runtype.Testing.History;

public sealed partial class HistoryChecker
{
    /// <summary>The conversation listing: every conversation once, totalCount equal to it, each one this owner created.</summary>
    private void CheckListing(FinalOwner owner)
    {
        var ids = owner.Listing.Select(c => c.Id).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            Violation("conversation listed twice", $"{owner.Owner}: {string.Join(", ", ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))}");
        }

        foreach (var total in owner.ListingTotalCounts.Distinct().Where(t => t != ids.Count))
        {
            Violation("totalCount disagrees with the listing", $"{owner.Owner}: conversation listing totalCount {total}, {ids.Count} listed");
        }

        foreach (var missing in owner.Missing)
        {
            Violation("conversation lost", $"{owner.Owner}: {missing} was acknowledged and now answers 404");
        }

        foreach (var id in owner.Conversations.Keys.Except(ids, StringComparer.Ordinal))
        {
            Violation("conversation missing from the listing", $"{owner.Owner}: {id} answers GET but is not listed");
        }

        var creations = _operations.Where(o => o.Kind == OperationKind.CreateConversation && o.Owner == owner.Owner).ToDictionary(o => o.Requested!, StringComparer.Ordinal);
        var bySubject = owner.Conversations.Values.GroupBy(c => c.Detailed.Subject ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (subject, conversations) in bySubject)
        {
            if (!creations.ContainsKey(subject) && !conversations.All(c => StartedByMail(owner, c)))
            {
                Violation("conversation never created", $"{owner.Owner}: {string.Join(", ", conversations.Select(c => $"{c.Detailed.Id} ({c.Detailed.SurfaceId}, {c.Ascending.Count} messages)"))} with subject '{subject}' matches no creation of this owner");
            }
        }

        foreach (var (subject, op) in creations)
        {
            var found = bySubject.GetValueOrDefault(subject) ?? [];
            var expected = op.Outcome switch { WriteOutcome.Applied => "exactly once", WriteOutcome.NotApplied => "absent", _ => "at most once" };
            if ((op.Outcome == WriteOutcome.Applied && found.Count != 1) || (op.Outcome == WriteOutcome.NotApplied && found.Count != 0) || found.Count > 1)
            {
                Violation("conversation not exactly once", $"{op}: expected {expected}, found {found.Count}");
            }
            else if (op.Outcome == WriteOutcome.Applied && op.ConversationId != found[0].Detailed.Id)
            {
                Violation("conversation not exactly once", $"{op}: acknowledged as {op.ConversationId}, stored as {found[0].Detailed.Id}");
            }
        }

        foreach (var listed in owner.Listing)
        {
            if (owner.Conversations.TryGetValue(listed.Id, out var detailed)
                && (listed.MessageCount != detailed.Detailed.MessageCount || listed.Status != detailed.Detailed.Status))
            {
                Violation("listing disagrees with the conversation", $"{owner.Owner}: {listed.Id} listed with {listed.MessageCount} messages, {listed.Status}; GET says {detailed.Detailed.MessageCount}, {detailed.Detailed.Status}");
            }
        }
    }

    /// <summary>One conversation's messages: both orders agree, counts agree, each message once, each one sent, in real-time order.</summary>
    private void CheckConversation(FinalOwner owner, string id, FinalConversation conversation)
    {
        var ascending = conversation.Ascending;
        if (!ascending.Select(m => m.Id).SequenceEqual(conversation.Descending.Select(m => m.Id).Reverse()))
        {
            Violation("orders disagree", $"{id}: {ascending.Count} messages ascending, {conversation.Descending.Count} descending, not the same sequence reversed");
        }

        foreach (var count in conversation.TotalCounts.Append(conversation.Detailed.MessageCount).Distinct().Where(c => c != ascending.Count))
        {
            Violation("counts disagree", $"{id}: {ascending.Count} messages listed, but totalCount or messageCount says {count}");
        }

        var externals = ascending.Where(m => m.ExternalMessageId is not null).GroupBy(m => m.ExternalMessageId!, StringComparer.Ordinal).Where(g => g.Count() > 1);
        foreach (var twice in externals)
        {
            Violation("externalMessageId stored twice", $"{id}: {twice.Key} on {string.Join(", ", twice.Select(m => m.Id))}");
        }

        for (var i = 1; i < ascending.Count; i++)
        {
            if (string.CompareOrdinal(ascending[i].CreatedAt, ascending[i - 1].CreatedAt) < 0)
            {
                Violation("createdAt decreases", $"{id}: {ascending[i - 1].Id} {ascending[i - 1].CreatedAt} then {ascending[i].Id} {ascending[i].CreatedAt}");
            }
        }

        // Who sent each message, and when: it was sent at its operation's start and acknowledged at its end.
        var sends = new (long Sent, long Acknowledged, Operation? Op)[ascending.Count];
        for (var i = 0; i < ascending.Count; i++)
        {
            var message = ascending[i];
            if (!_tokenOfId.TryGetValue(Key(id, message.Id), out var token) || !_sent.TryGetValue(token, out var sent))
            {
                sends[i] = (long.MinValue, long.MaxValue, null);
                if (_tokenOfId.ContainsKey(Key(id, message.Id)))
                {
                    Violation("message never sent", $"{id}: {message.Id} carries token {token}, which no client sent");
                }

                continue;
            }

            var op = sent.Op;
            sends[i] = (op.Start, op.Outcome == WriteOutcome.Applied ? op.End : long.MaxValue, op);
            if (op.Kind == OperationKind.CrossOwnerProbe || op.Owner != owner.Owner || op.ConversationId != id)
            {
                Violation("message where it was never sent", $"{id} ({owner.Owner}): {message.Id} is {token}, sent by {op}");
                continue;
            }

            if (Mismatch(message, sent.Sent, id) is { } mismatch)
            {
                Violation("message altered", $"{id}: {message.Id} ({token}): {mismatch}");
            }
        }

        // Real-time order: a message acknowledged before another was sent comes before it.
        var earliestLaterAck = long.MaxValue;
        var laterIndex = -1;
        for (var i = ascending.Count - 1; i >= 0; i--)
        {
            if (sends[i].Op is { } op && earliestLaterAck < sends[i].Sent)
            {
                Violation("order", $"{id}: {ascending[laterIndex].Id} (position {laterIndex + 1}, {sends[laterIndex].Op}) was acknowledged before {ascending[i].Id} (position {i + 1}, {op}) was sent, yet comes after it");
            }

            if (sends[i].Acknowledged < earliestLaterAck)
            {
                (earliestLaterAck, laterIndex) = (sends[i].Acknowledged, i);
            }
        }

        // An import is one change: its messages stand together, in the order given.
        foreach (var batch in ascending.Select((m, i) => (Index: i, Op: sends[i].Op)).Where(x => x.Op?.Kind == OperationKind.ImportMessages).GroupBy(x => x.Op!.Id))
        {
            var indices = batch.Select(x => x.Index).ToList();
            var tokens = batch.Select(x => _tokenOfId[Key(id, ascending[x.Index].Id)]).ToList();
            var inBatchOrder = tokens.OrderBy(t => _sent[t].Sent.Index).ToList();
            if (indices[^1] - indices[0] != indices.Count - 1 || !tokens.SequenceEqual(inBatchOrder))
            {
                Violation("import not contiguous", $"{id}: import op {batch.Key} stands at positions {string.Join(",", indices.Select(i => i + 1))}");
            }
        }
    }
}
