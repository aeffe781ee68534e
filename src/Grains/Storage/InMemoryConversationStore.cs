using Runtype.Grains.Events;

namespace Runtype.Grains.Storage;

/// <summary>
/// The embedded default store: everything in this process's memory, gone when it stops. It keeps the
/// same constraints a database keeps (unique thread per owner and surface, unique external message id
/// per conversation, expected versions), so grains behave the same on every backend.
/// Listing scans the owner's conversations; it is meant for development and tests, not for millions of rows.
/// </summary>
public sealed partial class InMemoryConversationStore(InMemoryEventLog log) : IConversationStore, IConversationIndex
{
    public InMemoryConversationStore()
        : this(new InMemoryEventLog())
    {
    }

    /// <summary>The events this store's writes recorded.</summary>
    public InMemoryEventLog Events => log;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Owner, string Id), Entry> _conversations = [];
    private readonly Dictionary<(string Owner, string SurfaceId, string ThreadId), string> _threads = [];
    private readonly Dictionary<string, SortedSet<ConversationSortKey>> _byOwner = new(StringComparer.Ordinal);

    public Task<Conversation?> FindAsync(string owner, string conversationId)
    {
        lock (_gate)
        {
            return Task.FromResult(_conversations.GetValueOrDefault((owner, conversationId))?.Conversation);
        }
    }

    public Task<StoreResult> InsertAsync(Conversation conversation, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        lock (_gate)
        {
            if (_conversations.ContainsKey((conversation.Owner, conversation.Id)))
            {
                return Task.FromResult(StoreResult.AlreadyExists);
            }

            if (FindThreadHolder(conversation) is { } holder)
            {
                return Task.FromResult(StoreResult.ThreadTaken(holder));
            }

            _conversations.Add((conversation.Owner, conversation.Id), new Entry(conversation));
            ClaimThread(conversation);
            OwnerKeys(conversation.Owner).Add(ConversationSortKey.Of(conversation));
            log.Append(events);
            return Task.FromResult(StoreResult.Done);
        }
    }

    public Task<StoreResult> UpdateAsync(Conversation updated, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        lock (_gate)
        {
            if (!TryGetCurrent(updated.Owner, updated.Id, expectedVersion, out var entry, out var failure))
            {
                return Task.FromResult(failure);
            }

            if (FindThreadHolder(updated) is { } holder && holder != updated.Id)
            {
                return Task.FromResult(StoreResult.ThreadTaken(holder));
            }

            ReleaseThread(entry.Conversation);
            ClaimThread(updated);
            Replace(entry, updated);
            log.Append(events);
            return Task.FromResult(StoreResult.Done);
        }
    }

    public Task<StoreResult> DeleteAsync(string owner, string conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        lock (_gate)
        {
            if (!TryGetCurrent(owner, conversationId, expectedVersion, out var entry, out var failure))
            {
                return Task.FromResult(failure);
            }

            _conversations.Remove((owner, conversationId));
            foreach (var message in entry.Messages)
            {
                _search.Remove(owner, message);
            }

            ReleaseThread(entry.Conversation);
            OwnerKeys(owner).Remove(ConversationSortKey.Of(entry.Conversation));
            log.Append(events);
            return Task.FromResult(StoreResult.Done);
        }
    }

    public Task<StoreResult> AppendAsync(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (!_conversations.TryGetValue((updated.Owner, updated.Id), out var entry))
            {
                return Task.FromResult(StoreResult.Missing);
            }

            if ((message.ExternalMessageId is { } externalId && entry.ByExternalId.TryGetValue(externalId, out var index))
                || entry.ById.TryGetValue(message.Id, out index))
            {
                return Task.FromResult(StoreResult.Duplicate(entry.Messages[index]));
            }

            if (entry.Conversation.Version != expectedVersion || message.Position != entry.Messages.Count + 1)
            {
                return Task.FromResult(StoreResult.VersionConflict);
            }

            entry.Add(message);
            _search.Add(updated.Owner, message);
            Replace(entry, updated);
            log.Append(events);
            return Task.FromResult(StoreResult.Done);
        }
    }

    public Task<Message?> FindMessageAsync(string owner, string conversationId, string messageId)
    {
        lock (_gate)
        {
            return Task.FromResult(_conversations.TryGetValue((owner, conversationId), out var entry) && entry.ById.TryGetValue(messageId, out var index)
                ? entry.Messages[index]
                : null);
        }
    }

    public Task<IReadOnlyList<Message>> ReadMessagesAsync(string owner, string conversationId, MessageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            if (!_conversations.TryGetValue((owner, conversationId), out var entry))
            {
                return Task.FromResult<IReadOnlyList<Message>>([]);
            }

            var messages = entry.Messages;
            var page = new List<Message>(Math.Min(query.Limit, messages.Count));
            if (query.Descending)
            {
                var start = (int)Math.Min(query.After is { } before ? before - 1 : messages.Count, messages.Count);
                for (var position = start; position >= 1 && page.Count < query.Limit; position--)
                {
                    page.Add(messages[position - 1]);
                }
            }
            else
            {
                var start = (int)Math.Max(query.After ?? 0, 0);
                for (var position = start + 1; position <= messages.Count && page.Count < query.Limit; position++)
                {
                    page.Add(messages[position - 1]);
                }
            }

            return Task.FromResult<IReadOnlyList<Message>>(page);
        }
    }

    public Task<ConversationListPage> QueryAsync(string owner, ConversationListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            if (!_byOwner.TryGetValue(owner, out var keys))
            {
                return Task.FromResult(new ConversationListPage([], 0, false, false));
            }

            var matching = new List<Conversation>();
            foreach (var key in keys)
            {
                var conversation = _conversations[(owner, key.Id)].Conversation;
                if (Matches(conversation, query.Filter))
                {
                    matching.Add(conversation);
                }
            }

            return Task.FromResult(Page(matching, query));
        }
    }

    private static ConversationListPage Page(List<Conversation> matching, ConversationListQuery query)
    {
        if (query.Key is not { } key)
        {
            var first = matching.Take(query.Limit).ToList();
            return new ConversationListPage(first, matching.Count, false, matching.Count > query.Limit);
        }

        // matching is in listing order; split it at the key.
        var after = matching.FindIndex(c => ConversationSortKey.Of(c) > key);
        if (after < 0)
        {
            after = matching.Count;
        }

        if (query.Backward)
        {
            var before = matching.FindLastIndex(c => ConversationSortKey.Of(c) < key) + 1;
            var start = Math.Max(0, before - query.Limit);
            return new ConversationListPage(matching.GetRange(start, before - start), matching.Count, start > 0, before < matching.Count);
        }

        var items = matching.Skip(after).Take(query.Limit).ToList();
        return new ConversationListPage(items, matching.Count, after > 0, after + items.Count < matching.Count);
    }

    private static bool Matches(Conversation conversation, ConversationFilter filter)
    {
        var fields = conversation.Fields;
        return (filter.SurfaceId is null || filter.SurfaceId == fields.SurfaceId)
            && (filter.Status is null || filter.Status == fields.Status)
            && (filter.ExternalThreadId is null || filter.ExternalThreadId == fields.ExternalThreadId)
            && (filter.ParticipantEmail is null || filter.ParticipantEmail == fields.ParticipantEmail);
    }

    private bool TryGetCurrent(string owner, string id, long expectedVersion, out Entry entry, out StoreResult failure)
    {
        if (!_conversations.TryGetValue((owner, id), out entry!))
        {
            failure = StoreResult.Missing;
            return false;
        }

        failure = StoreResult.VersionConflict;
        return entry.Conversation.Version == expectedVersion;
    }

    private void Replace(Entry entry, Conversation updated)
    {
        var keys = OwnerKeys(updated.Owner);
        keys.Remove(ConversationSortKey.Of(entry.Conversation));
        keys.Add(ConversationSortKey.Of(updated));
        entry.Conversation = updated;
    }

    private string? FindThreadHolder(Conversation conversation) =>
        conversation.Fields.ExternalThreadId is { } thread
            ? _threads.GetValueOrDefault((conversation.Owner, conversation.Fields.SurfaceId, thread))
            : null;

    private void ClaimThread(Conversation conversation)
    {
        if (conversation.Fields.ExternalThreadId is { } thread)
        {
            _threads[(conversation.Owner, conversation.Fields.SurfaceId, thread)] = conversation.Id;
        }
    }

    private void ReleaseThread(Conversation conversation)
    {
        if (conversation.Fields.ExternalThreadId is { } thread)
        {
            _threads.Remove((conversation.Owner, conversation.Fields.SurfaceId, thread));
        }
    }

    private SortedSet<ConversationSortKey> OwnerKeys(string owner)
    {
        if (!_byOwner.TryGetValue(owner, out var keys))
        {
            keys = [];
            _byOwner.Add(owner, keys);
        }

        return keys;
    }
}
