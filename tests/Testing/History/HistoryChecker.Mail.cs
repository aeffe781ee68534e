using System.Globalization;
using System.Text.Json;

namespace Runtype.Testing.History;

public sealed partial class HistoryChecker
{
    /// <summary>Every message that is a mail of its owner's surface mailbox (by <see cref="Key"/>), with the mail.</summary>
    private readonly Dictionary<string, MailSeen> _mailOf = new(StringComparer.Ordinal);

    /// <summary>Whether a conversation's events ever show it archived, by id (asked once per reply).</summary>
    private readonly Dictionary<string, bool> _everArchived = new(StringComparer.Ordinal);

    /// <summary>Finds the messages polled from mail: inbound user messages on the email surface whose externalMessageId is a mail's.</summary>
    private void IndexMail()
    {
        foreach (var owner in _owners.Values)
        {
            if (owner.Mail is not { } mail)
            {
                continue;
            }

            var inbox = mail.Inbox.GroupBy(m => m.MessageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var (id, conversation) in owner.Conversations.Where(c => c.Value.Detailed.SurfaceId == mail.Mailbox.SurfaceId))
            {
                foreach (var message in conversation.Ascending)
                {
                    if (message is { Role: "user", Direction: "inbound", ExternalMessageId: { } external } && inbox.TryGetValue(MailSeen.Bare(external), out var seen))
                    {
                        _mailOf[Key(id, message.Id)] = seen;
                    }
                }
            }
        }
    }

    /// <summary>
    /// A conversation no client created: started on the email surface by the mail that is its first message. Or, in
    /// a run with faults, one a mail began to start (its subject) when a fault cut the poll off before the mail was
    /// written, the poll after it threading the mail elsewhere (its conversation was no longer archived): left empty.
    /// </summary>
    private bool StartedByMail(FinalOwner owner, FinalConversation conversation)
    {
        if (owner.Mail is not { } mail || conversation.Detailed.SurfaceId != mail.Mailbox.SurfaceId)
        {
            return false;
        }

        if (conversation.Ascending.Count > 0)
        {
            return _mailOf.ContainsKey(Key(conversation.Detailed.Id, conversation.Ascending[0].Id));
        }

        var begun = _faultsExpected && mail.Inbox.Any(m => m.Subject == conversation.Detailed.Subject);
        if (begun)
        {
            _report.Notes.Add($"{owner.Owner}: {conversation.Detailed.Id} ('{conversation.Detailed.Subject}') is empty: a mail's conversation begun before a fault");
        }

        return begun;
    }

    /// <summary>
    /// The email surface's promises, on the final state and both mailboxes: every mail of the surface's mailbox is
    /// exactly one message (one per Message-ID), as the mail says, in its thread; every message posted outbound on
    /// the surface answered <c>pending</c> and ended <c>sent</c> (or <c>failed</c> because it was redacted first),
    /// and each one sent arrived under its own Message-ID, once (more only after a fault); nothing else arrived.
    /// </summary>
    private void CheckMail(FinalOwner owner)
    {
        if (owner.Mail is not { } mail)
        {
            return;
        }

        var byExternal = new Dictionary<string, List<(string Conversation, int Index, ObservedMessage Message)>>(StringComparer.Ordinal);
        foreach (var (id, conversation) in owner.Conversations)
        {
            for (var i = 0; i < conversation.Ascending.Count; i++)
            {
                if (conversation.Ascending[i].ExternalMessageId is { } external)
                {
                    var bare = MailSeen.Bare(external);
                    byExternal.TryAdd(bare, []);
                    byExternal[bare].Add((id, i, conversation.Ascending[i]));
                }
            }
        }

        var ingested = CheckInbound(owner, mail, byExternal);
        var (emailed, sent) = CheckOutbound(owner, mail, byExternal);
        CheckReceived(owner, mail, byExternal);
        _report.MailsIngested += ingested;
        _report.MailsSent += sent;
        _report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{owner.Owner} mail: {mail.Inbox.Count} in the surface's mailbox, {ingested} Message-IDs stored once; {emailed} messages emailed, {sent} sent and arrived; {mail.Received.Count} mails received. Settle: {mail.Settle}"));
    }

    private int CheckInbound(FinalOwner owner, FinalMail mail, Dictionary<string, List<(string Conversation, int Index, ObservedMessage Message)>> byExternal)
    {
        var ingested = 0;
        foreach (var copies in mail.Inbox.GroupBy(m => m.MessageId, StringComparer.Ordinal))
        {
            var seen = copies.First();
            var stored = byExternal.GetValueOrDefault(seen.MessageId) ?? [];
            if (stored.Count != 1 || !_mailOf.ContainsKey(Key(stored[0].Conversation, stored[0].Message.Id)))
            {
                Violation("mail not exactly one message", $"{owner.Owner}: <{seen.MessageId}> ({copies.Count()} in the mailbox) is stored {stored.Count} times: {string.Join(", ", stored.Select(s => $"{s.Message.Id} in {s.Conversation} ({s.Message.Role}/{s.Message.Direction})"))}");
                continue;
            }

            ingested++;
            var (id, index, message) = stored[0];
            if (!message.Redacted && (MailSeen.Normalize(message.Content) != seen.Text || MetadataText(message, "subject") != seen.Subject))
            {
                Violation("mail stored altered", $"{owner.Owner}: <{seen.MessageId}> stored as {message.Id} in {id} with content '{message.Content}', metadata {message.Metadata}; the mail says '{seen.Text}', subject '{seen.Subject}'");
            }

            if (seen.InReplyTo is { } parent)
            {
                // A reply joins the conversation of the message it answers, unless that one was archived (then it starts another).
                var answered = byExternal.GetValueOrDefault(MailSeen.Bare(parent)) ?? [];
                if (answered.Count == 1 && answered[0].Conversation != id && !EverArchived(owner.Conversations[answered[0].Conversation]))
                {
                    Violation("reply not in its thread", $"{owner.Owner}: <{seen.MessageId}> answers <{parent}> of {answered[0].Conversation}, but is {message.Id} in {id}");
                }
            }
            else if (index != 0 || owner.Conversations[id].Detailed.Subject != seen.Subject)
            {
                Violation("mail thread not started", $"{owner.Owner}: <{seen.MessageId}> starts a thread, but is {message.Id} at position {index + 1} of {id} (subject '{owner.Conversations[id].Detailed.Subject}')");
            }
        }

        return ingested;
    }

    private (int Emailed, int Sent) CheckOutbound(FinalOwner owner, FinalMail mail, Dictionary<string, List<(string Conversation, int Index, ObservedMessage Message)>> byExternal)
    {
        var received = mail.Received.GroupBy(m => m.MessageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var (emailed, sentAndArrived) = (0, 0);
        foreach (var (id, conversation) in owner.Conversations)
        {
            foreach (var message in conversation.Ascending)
            {
                var posted = _tokenOfId.TryGetValue(Key(id, message.Id), out var token) && _sent.TryGetValue(token, out var sent) && sent.Op.Kind == OperationKind.PostMessage
                    ? sent
                    : ((Operation Op, SentMessage Sent)?)null;
                var expected = conversation.Detailed.SurfaceId == mail.Mailbox.SurfaceId && posted is not null && message.Direction == "outbound";
                if (!expected || message.Delivery is not { } delivery)
                {
                    if (expected || message.Delivery is not null)
                    {
                        Violation(expected ? "outbound message not emailed" : "delivery on a message not emailed", $"{id}: {message.Id} ({message.Role}/{message.Direction}, {(posted is null ? "not posted" : "posted")}) has delivery {message.Delivery?.ToString() ?? "null"}");
                    }

                    continue;
                }

                emailed++;
                var (op, sentMessage) = posted!.Value;
                if (sentMessage.ExternalMessageId is null && message.ExternalMessageId != $"<{message.Id}@{mail.Mailbox.Domain}>")
                {
                    Violation("outbound Message-ID", $"{id}: {message.Id} is emailed as {message.ExternalMessageId}, not <{message.Id}@{mail.Mailbox.Domain}>");
                }

                // The 201 is given before any sending. (A retry that finds the message an earlier, unanswered try stored
                // answers the message as it stands by then, and so does an Idempotency-Key's replay: MessageReplay
                // renders the message as its conversation holds it now, a later delivery included.)
                var retried = op.Attempts.Any(a => a.OutcomeUnknown || a.Replayed);
                if (op.Outcome == WriteOutcome.Applied && !op.Duplicate && op.Answered?.Id == message.Id
                    && (op.Answered.Delivery is null || (!retried && op.Answered.Delivery is not { Status: "pending", Attempts: 0 })))
                {
                    Violation("201 without a pending delivery", $"{op}: answered delivery {op.Answered.Delivery?.ToString() ?? "null"}");
                }

                var arrived = message.ExternalMessageId is { } external ? received.GetValueOrDefault(MailSeen.Bare(external)) : 0;
                switch (delivery.Status)
                {
                    case "sent" when delivery.SentAt is null || delivery.Attempts < 1:
                        Violation("delivery sent without its attempt", $"{id}: {message.Id} delivery {delivery}");
                        break;
                    case "sent" when arrived == 0:
                        Violation("sent mail never arrived", $"{id}: {message.Id} is sent ({delivery}), but no mail <{MailSeen.Bare(message.ExternalMessageId!)}> reached {conversation.Detailed.ParticipantEmail}");
                        break;
                    case "sent" when arrived > 1 && !_faultsExpected:
                        Violation("mail sent twice", $"{id}: {message.Id} arrived {arrived} times without a fault");
                        break;
                    case "sent":
                        sentAndArrived++;
                        break;
                    case "failed" when message.Redacted && delivery.LastError?.Contains("redacted", StringComparison.Ordinal) == true:
                        // Redacted before it was sent: nothing to send. (After a crash it may have been sent just before.)
                        if (arrived > 0 && !_faultsExpected)
                        {
                            Violation("redacted message emailed", $"{id}: {message.Id} failed as redacted, yet arrived {arrived} times");
                        }

                        break;
                    default:
                        Violation(delivery.Status == "pending" ? "delivery still pending" : "delivery failed", $"{id}: {message.Id} ({op}) ends with delivery {delivery}");
                        break;
                }
            }
        }

        return (emailed, sentAndArrived);
    }

    /// <summary>Every mail that arrived is an emailed message's (content, address, subject, thread), under that message's own Message-ID.</summary>
    private void CheckReceived(FinalOwner owner, FinalMail mail, Dictionary<string, List<(string Conversation, int Index, ObservedMessage Message)>> byExternal)
    {
        foreach (var copy in mail.Received)
        {
            var emailed = (byExternal.GetValueOrDefault(copy.MessageId) ?? []).Where(s => s.Message.Delivery is not null).ToList();
            if (emailed.Count != 1)
            {
                Violation("mail of no message", $"{owner.Owner}: <{copy.MessageId}> ('{copy.Subject}') arrived, and {emailed.Count} emailed messages carry that Message-ID");
                continue;
            }

            var (id, index, message) = emailed[0];
            var conversation = owner.Conversations[id];
            var problems = new List<string>();
            if (!message.Redacted && copy.Text != MailSeen.Normalize(message.Content))
            {
                problems.Add($"text '{copy.Text}', content '{message.Content}'");
            }

            if (conversation.Detailed.ParticipantEmail is not { } to || !copy.To.Contains(to, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"to {string.Join(",", copy.To)}, participant {conversation.Detailed.ParticipantEmail}");
            }

            if (copy.Subject != "Re: " + conversation.Detailed.Subject)
            {
                problems.Add($"subject '{copy.Subject}', conversation's '{conversation.Detailed.Subject}'");
            }

            // It answers the latest inbound mail before it: an inbound message of its conversation, earlier than it.
            if (copy.InReplyTo is { } parent && !conversation.Ascending.Take(index).Any(m => m.Direction == "inbound" && m.ExternalMessageId is { } e && MailSeen.Bare(e) == MailSeen.Bare(parent)))
            {
                problems.Add($"In-Reply-To <{parent}>, no inbound message of the conversation before it");
            }

            if (problems.Count > 0)
            {
                Violation("mail is not its message", $"{id}: {message.Id} arrived as <{copy.MessageId}> with {string.Join("; ", problems)}");
            }
        }
    }

    private bool EverArchived(FinalConversation conversation)
    {
        if (!_everArchived.TryGetValue(conversation.Detailed.Id, out var archived))
        {
            _everArchived[conversation.Detailed.Id] = archived = conversation.Events.Any(e => e.Type is "conversation.created" or "conversation.updated"
                && ObservedMessage.Text(JsonDocument.Parse(e.Data).RootElement, "status") == "archived");
        }

        return archived;
    }

    private static string? MetadataText(ObservedMessage message, string name)
    {
        var metadata = JsonDocument.Parse(message.Metadata).RootElement;
        return metadata.ValueKind == JsonValueKind.Object ? ObservedMessage.Text(metadata, name) : null;
    }
}
