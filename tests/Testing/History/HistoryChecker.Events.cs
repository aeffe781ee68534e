using System.Text.Json;

namespace Runtype.Testing.History;

public sealed partial class HistoryChecker
{
    /// <summary>
    /// One conversation's events: sequences 1..n with n its version, one <c>message.created</c> per posted message and one
    /// <c>messages.imported</c> range per import covering exactly its messages, one <c>message.redacted</c> per redacted
    /// message, and the status rules (nothing appended while archived; a post to a closed conversation reopens it).
    /// </summary>
    private void CheckEvents(FinalOwner owner, string id, FinalConversation conversation)
    {
        var events = conversation.Events;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Sequence != i + 1 || events[i].ConversationId != id)
            {
                Violation("event sequence", $"{id}: event {i + 1} of the feed is {events[i].ConversationId}#{events[i].Sequence} {events[i].Type} ({string.Join(",", events.Select(e => e.Sequence).Take(40))}...)");
                break;
            }
        }

        if (conversation.Detailed.Version is { } version && version != events.Count)
        {
            Violation("event sequence", $"{id}: version {version} (ETag) but {events.Count} events");
        }

        var ascending = conversation.Ascending;
        // The first place of each id (a listing that shows one twice is a violation found where the listing is checked).
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ascending.Count; i++)
        {
            byId.TryAdd(ascending[i].Id, i);
        }

        var created = new Dictionary<string, int>(StringComparer.Ordinal);
        var redacted = new Dictionary<string, int>(StringComparer.Ordinal);
        var deliveries = new Dictionary<string, ObservedDelivery?>(StringComparer.Ordinal);
        var covered = new int[ascending.Count];
        string? status = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var data = JsonDocument.Parse(e.Data).RootElement;
            switch (e.Type)
            {
                case "conversation.created":
                    if (i != 0)
                    {
                        Violation("event sequence", $"{id}: conversation.created at sequence {e.Sequence}");
                    }

                    status = data.GetProperty("status").GetString();
                    break;
                case "conversation.updated":
                    var previous = e.PreviousAttributes is null ? null : ObservedMessage.Text(JsonDocument.Parse(e.PreviousAttributes).RootElement, "status");
                    var now = data.GetProperty("status").GetString();
                    if (previous is not null && previous != status)
                    {
                        Violation("status history", $"{id}#{e.Sequence}: previousAttributes.status {previous}, but it was {status}");
                    }

                    if (previous is null && now != status)
                    {
                        Violation("status history", $"{id}#{e.Sequence}: status went {status} -> {now} without previousAttributes.status");
                    }

                    status = now;
                    break;
                case "message.created":
                    var message = ObservedMessage.Parse(data);
                    created[message.Id] = created.GetValueOrDefault(message.Id) + 1;
                    if (!byId.TryGetValue(message.Id, out var index))
                    {
                        Violation("event without its message", $"{id}#{e.Sequence}: message.created for {message.Id}, which is not in the conversation");
                    }
                    else if (!message.SamePlaceAs(ascending[index]) || message.Content != ascending[index].Content || !SameJson(message.Metadata, ascending[index].Metadata))
                    {
                        Violation("event disagrees with its message", $"{id}#{e.Sequence}: message.created data differs from {message.Id} as listed");
                    }

                    if (status == "archived")
                    {
                        Violation("write to an archived conversation", $"{id}#{e.Sequence}: message.created while archived");
                    }
                    else if (status == "closed")
                    {
                        // A post reopens: conversation.updated with previousAttributes.status closed comes next.
                        var next = i + 1 < events.Count ? events[i + 1] : null;
                        if (next?.Type != "conversation.updated" || next.PreviousAttributes is null
                            || ObservedMessage.Text(JsonDocument.Parse(next.PreviousAttributes).RootElement, "status") != "closed"
                            || JsonDocument.Parse(next.Data).RootElement.GetProperty("status").GetString() != "open")
                        {
                            Violation("status history", $"{id}#{e.Sequence}: a post to a closed conversation is not followed by its reopening");
                        }
                    }

                    break;
                case "messages.imported":
                    var (first, last, imported) = (data.GetProperty("firstPosition").GetInt64(), data.GetProperty("lastPosition").GetInt64(), data.GetProperty("imported").GetInt64());
                    if (status == "archived")
                    {
                        Violation("write to an archived conversation", $"{id}#{e.Sequence}: messages.imported while archived");
                    }

                    if (last - first + 1 != imported || first < 1 || last > ascending.Count)
                    {
                        Violation("import event", $"{id}#{e.Sequence}: imported {imported}, positions {first}..{last}, conversation has {ascending.Count}");
                        break;
                    }

                    var ops = new HashSet<int>();
                    for (var p = first; p <= last; p++)
                    {
                        covered[p - 1]++;
                        ops.Add(_tokenOfId.TryGetValue(Key(id, ascending[(int)p - 1].Id), out var t) && _sent.TryGetValue(t, out var s) ? s.Op.Id : -1);
                    }

                    // A mail that arrived before its mailbox's settings took effect is imported, alone.
                    var mail = first == last && _mailOf.ContainsKey(Key(id, ascending[(int)first - 1].Id));
                    if (!mail && (ops.Count != 1 || ops.Contains(-1) || _byId[ops.Single()].Kind != OperationKind.ImportMessages))
                    {
                        Violation("import event", $"{id}#{e.Sequence}: positions {first}..{last} are not the messages of one import (ops {string.Join(",", ops)})");
                    }

                    break;
                case "message.redacted":
                    var redactedId = data.GetProperty("id").GetString()!;
                    redacted[redactedId] = redacted.GetValueOrDefault(redactedId) + 1;
                    break;
                case "message.delivery_updated":
                    CheckDeliveryEvent(id, e, ObservedMessage.Parse(data), byId, ascending, created, deliveries);
                    break;
                default:
                    Violation("unexpected event", $"{id}#{e.Sequence}: {e.Type}");
                    break;
            }
        }

        if (status != conversation.Detailed.Status)
        {
            Violation("status history", $"{id}: the events end with status {status}, GET says {conversation.Detailed.Status}");
        }

        for (var i = 0; i < ascending.Count; i++)
        {
            var message = ascending[i];
            var imported = _tokenOfId.TryGetValue(Key(id, message.Id), out var token) && _sent.TryGetValue(token, out var sent) && sent.Op.Kind == OperationKind.ImportMessages;
            var (expectCreated, expectCovered) = imported ? (0, 1) : (1, 0);
            var mail = _mailOf.ContainsKey(Key(id, message.Id)) && created.GetValueOrDefault(message.Id) + covered[i] == 1;
            if (!mail && (created.GetValueOrDefault(message.Id) != expectCreated || covered[i] != expectCovered))
            {
                Violation("events do not account for a message", $"{id}: {message.Id} at {i + 1} ({(imported ? "imported" : "posted")}) has {created.GetValueOrDefault(message.Id)} message.created and {covered[i]} messages.imported ranges");
            }

            if (redacted.GetValueOrDefault(message.Id) != (message.Redacted ? 1 : 0))
            {
                Violation("events do not account for a message", $"{id}: {message.Id} redacted={message.Redacted} has {redacted.GetValueOrDefault(message.Id)} message.redacted events");
            }

            // Every change of a delivery is an event: one that left pending has one, and the last is how it stands.
            var last = deliveries.GetValueOrDefault(message.Id);
            if ((message.Delivery is { Status: not "pending" } && last is null) || (last is not null && last != message.Delivery))
            {
                Violation("events do not account for a delivery", $"{id}: {message.Id} delivery {message.Delivery}, last message.delivery_updated {last?.ToString() ?? "(none)"}");
            }
        }
    }

    /// <summary>
    /// A <c>message.delivery_updated</c>: it names a message of this conversation, created before it, that is emailed
    /// (its delivery not null), and carries the message as it stands (what a redaction leaves of it aside).
    /// </summary>
    private void CheckDeliveryEvent(
        string id, ObservedEvent e, ObservedMessage message, Dictionary<string, int> byId, IReadOnlyList<ObservedMessage> ascending,
        Dictionary<string, int> created, Dictionary<string, ObservedDelivery?> deliveries)
    {
        deliveries[message.Id] = message.Delivery;
        if (!byId.TryGetValue(message.Id, out var index))
        {
            Violation("event without its message", $"{id}#{e.Sequence}: message.delivery_updated for {message.Id}, which is not in the conversation");
        }
        else if (!message.SamePlaceAs(ascending[index]) || message.Delivery is null || ascending[index].Delivery is null)
        {
            Violation("event disagrees with its message", $"{id}#{e.Sequence}: message.delivery_updated for {message.Id} with delivery {message.Delivery}, listed with {ascending[index].Delivery}");
        }

        if (!created.ContainsKey(message.Id))
        {
            Violation("event sequence", $"{id}#{e.Sequence}: message.delivery_updated for {message.Id} before its message.created");
        }
    }

    /// <summary>The owner's whole feed: its own conversations only, each event once, each conversation's events as its filtered feed has them.</summary>
    private void CheckFeed(FinalOwner owner)
    {
        var ids = owner.Feed.Select(e => e.Id).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            Violation("event repeated", $"{owner.Owner}: the feed has {ids.Count - ids.Distinct(StringComparer.Ordinal).Count()} repeated events");
        }

        foreach (var group in owner.Feed.GroupBy(e => e.ConversationId, StringComparer.Ordinal))
        {
            if (!owner.Conversations.TryGetValue(group.Key, out var conversation))
            {
                Violation("owners not apart", $"{owner.Owner}'s feed has {group.Count()} events of {group.Key}, not its conversation");
            }
            else if (!group.Select(e => e.Id).SequenceEqual(conversation.Events.Select(e => e.Id), StringComparer.Ordinal))
            {
                Violation("event sequence", $"{owner.Owner}: the feed's events of {group.Key} ({group.Count()}) differ from its filtered feed ({conversation.Events.Count})");
            }
        }

        foreach (var (id, conversation) in owner.Conversations)
        {
            if (conversation.Events.Count > 0 && !owner.Feed.Any(e => e.ConversationId == id))
            {
                Violation("event sequence", $"{owner.Owner}: the feed has no event of {id}");
            }
        }
    }

    private void CheckOwnersApart(FinalOwner a, FinalOwner b)
    {
        foreach (var shared in a.Conversations.Keys.Intersect(b.Conversations.Keys, StringComparer.Ordinal))
        {
            Violation("owners not apart", $"{shared} answers for both {a.Owner} and {b.Owner}");
        }

        foreach (var owner in new[] { a, b })
        {
            foreach (var crossed in owner.Conversations.Values.Where(c => c.Detailed.Subject?.StartsWith("cross-", StringComparison.Ordinal) == true))
            {
                Violation("owners not apart", $"{crossed.Detailed.Id} of {owner.Owner} has subject {crossed.Detailed.Subject}, written with another owner's key");
            }
        }
    }
}
