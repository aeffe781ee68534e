using Runtype.Grains.Storage;

namespace Runtype.Grains.Email;

/// <summary>
/// Turns one batch of polled mails into messages (each field already within the API's limits: <see cref="InboundMail"/>) (docs/email.md, "Receiving"). Exactly once: a mail whose Message-ID is
/// already a message of a conversation on the surface is passed over (the store of record answers, so a mail stored
/// before a crash is found after it), and a conversation a mail starts has an id derived from the mail
/// (<see cref="Identifiers.DerivedConversationId"/>), so doing it again finds the same one. Threading: the nearest id
/// of <c>In-Reply-To</c>, then <c>References</c> (last first), that names a message of a conversation that is not
/// archived, or a mail earlier in the batch; otherwise the mail starts a conversation of its thread's root. Mails of
/// one conversation are written in mailbox order, conversations up to <see cref="EmailOptions.Concurrency"/> at once.
/// </summary>
internal sealed class MailIngest(IGrainFactory grains, IConversationIndex index, string owner, string surfaceId, DateTime configuredAt, int concurrency)
{
    /// <summary>Stores <paramref name="mails"/> (in mailbox order); returns how many became messages.</summary>
    public async Task<int> IngestAsync(IReadOnlyList<PolledMail> mails)
    {
        var known = await LookUpAsync(mails);
        var groups = new Dictionary<string, List<PolledMail>>(StringComparer.Ordinal);
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var polled in mails)
        {
            var id = polled.Mail.MessageId;
            if (known.ContainsKey(id) || groupOf.ContainsKey(id))
            {
                continue; // Stored before (a poll repeated after a crash), or the same Message-ID twice in this batch.
            }

            var group = ThreadOf(polled.Mail, known, groupOf) ?? "t:" + polled.Mail.ThreadRoot;
            groupOf[id] = group;
            if (!groups.TryGetValue(group, out var list))
            {
                groups[group] = list = [];
            }

            list.Add(polled);
        }

        // A mail that starts a thread may find it started already (by an earlier poll's mail of the same root, or the
        // API): its group and the group of a reply to that conversation are one conversation, written in mailbox order.
        var starts = groups.Where(g => g.Key.StartsWith("t:", StringComparison.Ordinal)).ToList();
        var started = await ForEachAsync(starts, g => StartAsync(g.Value[0], withThread: true));
        var conversations = groups
            .GroupBy(g => g.Key.StartsWith("c:", StringComparison.Ordinal) ? g.Key[2..] : started[starts.FindIndex(s => s.Key == g.Key)], StringComparer.Ordinal)
            .Select(c => (Id: c.Key, Mails: c.SelectMany(g => g.Value).OrderBy(m => m.Uid).ToList()))
            .ToList();
        var counts = await ForEachAsync(conversations, c => WriteAsync(c.Id, c.Mails));
        return counts.Sum();
    }

    /// <summary>Runs <paramref name="action"/> on each item, at most <c>concurrency</c> at once; the results in the items' order.</summary>
    private async Task<TResult[]> ForEachAsync<T, TResult>(IReadOnlyList<T> items, Func<T, Task<TResult>> action)
    {
        using var gate = new SemaphoreSlim(concurrency);
        return await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                return await action(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static string? ThreadOf(InboundMail mail, Dictionary<string, ExternalMessageMatch> known, Dictionary<string, string> groupOf)
    {
        foreach (var reference in mail.InReplyTo.Concat(mail.References.Reverse()))
        {
            if (known.TryGetValue(reference, out var match) && match.Status != ConversationStatus.Archived)
            {
                return "c:" + match.ConversationId;
            }

            if (groupOf.TryGetValue(reference, out var group))
            {
                return group;
            }
        }

        return null;
    }

    private async Task<Dictionary<string, ExternalMessageMatch>> LookUpAsync(IReadOnlyList<PolledMail> mails)
    {
        var ids = mails.SelectMany(m => m.Mail.InReplyTo.Concat(m.Mail.References).Append(m.Mail.MessageId))
            .Distinct(StringComparer.Ordinal).ToList();
        var known = new Dictionary<string, ExternalMessageMatch>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(IConversationIndex.MaxExternalMessageIds))
        {
            foreach (var match in await index.FindByExternalMessageIdsAsync(owner, surfaceId, chunk))
            {
                // One id in several conversations (a mail sent to two surfaces' threads): one that is not archived wins.
                if (!known.TryGetValue(match.ExternalMessageId, out var held) || held.Status == ConversationStatus.Archived)
                {
                    known[match.ExternalMessageId] = match;
                }
            }
        }

        return known;
    }

    private async Task<int> WriteAsync(string conversationId, List<PolledMail> mails)
    {
        var stored = 0;
        foreach (var polled in mails)
        {
            var message = new NewMessage
            {
                Role = MessageRole.User,
                Direction = MessageDirection.Inbound,
                Content = polled.Mail.Content,
                ExternalMessageId = polled.Mail.MessageId,
                Metadata = polled.Mail.Metadata,
            };
            var (created, archived) = await AppendAsync(conversationId, message, polled.ArrivedAt);
            if (archived)
            {
                // Archived since the lookup: the mail starts a conversation of its own, as a reply to an archived one does.
                conversationId = await StartAsync(polled, withThread: false);
                (created, _) = await AppendAsync(conversationId, message, polled.ArrivedAt);
            }

            stored += created ? 1 : 0;
        }

        return stored;
    }

    /// <summary>
    /// Mail that arrived before the mailbox was configured (read because of <c>since</c>) is imported with its own
    /// arrival time, as the import endpoint does; later mail is posted. An import refused for its time (older than
    /// the conversation's last message) is posted instead.
    /// </summary>
    private async Task<(bool Created, bool Archived)> AppendAsync(string conversationId, NewMessage message, DateTime arrivedAt)
    {
        var conversation = grains.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, conversationId));
        if (arrivedAt < configuredAt)
        {
            var imported = await conversation.ImportMessages([new HistoricMessage(message, arrivedAt)]);
            switch (imported.Outcome)
            {
                case ImportOutcome.Imported:
                    return (imported.Imported > 0, false);
                case ImportOutcome.Archived:
                    return (false, true);
            }
        }

        var result = await conversation.AddMessage(message);
        return (result.Outcome == MessageOutcome.Created, result.Outcome == MessageOutcome.Archived);
    }

    /// <summary>Starts the conversation <paramref name="polled"/> opens, or finds it when it was started before.</summary>
    private async Task<string> StartAsync(PolledMail polled, bool withThread)
    {
        var mail = polled.Mail;
        var id = Identifiers.DerivedConversationId(polled.ArrivedAt, $"{owner}\n{surfaceId}\n{mail.MessageId}\n{withThread}");
        var fields = new ConversationFields
        {
            SurfaceId = surfaceId,
            Subject = mail.Subject,
            ParticipantEmail = mail.FromAddress,
            ParticipantName = mail.FromName,
            ExternalThreadId = withThread ? mail.ThreadRoot : null,
        };
        var result = await grains.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, id)).Create(fields);
        if (result.Outcome != ConversationOutcome.ThreadTaken || result.ConflictingConversationId is not { } holder)
        {
            return id;
        }

        // The thread is another conversation's (started by the API, or by a sibling reply): join it unless it is archived.
        var held = await grains.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, holder)).Get();
        return held.Conversation is { Fields.Status: not ConversationStatus.Archived } ? holder : await StartAsync(polled, withThread: false);
    }
}
