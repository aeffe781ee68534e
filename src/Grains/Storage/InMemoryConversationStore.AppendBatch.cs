using Runtype.Grains.Events;

namespace Runtype.Grains.Storage;

public sealed partial class InMemoryConversationStore
{
    public Task<AppendBatchResult> AppendBatchAsync(Conversation updated, IReadOnlyList<Message> messages, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(messages);
        lock (_gate)
        {
            if (!_conversations.TryGetValue((updated.Owner, updated.Id), out var entry))
            {
                return Task.FromResult(AppendBatchResult.Missing);
            }

            var takenExternal = messages.Select(m => m.ExternalMessageId).OfType<string>().Where(entry.ByExternalId.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
            var takenIds = messages.Select(m => m.Id).Where(entry.ById.ContainsKey).ToList();
            if (takenExternal.Count > 0 || takenIds.Count > 0)
            {
                return Task.FromResult(AppendBatchResult.Taken(takenExternal, takenIds));
            }

            if (entry.Conversation.Version != expectedVersion || messages.Count == 0 || messages[0].Position != entry.Messages.Count + 1)
            {
                return Task.FromResult(AppendBatchResult.VersionConflict);
            }

            foreach (var message in messages)
            {
                entry.Add(message);
                _search.Add(updated.Owner, message);
            }

            Replace(entry, updated);
            log.Append(events);
            return Task.FromResult(AppendBatchResult.Done);
        }
    }
}
