using Runtype.Grains.Events;

namespace Runtype.Grains.Storage;

public sealed partial class InMemoryConversationStore
{
    public Task<StoreResult> RecordDeliveryAsync(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (!TryGetCurrent(updated.Owner, updated.Id, expectedVersion, out var entry, out var failure))
            {
                return Task.FromResult(failure);
            }

            if (!entry.ById.TryGetValue(message.Id, out var index))
            {
                return Task.FromResult(StoreResult.VersionConflict);
            }

            // Only the delivery is the caller's: the rest of the message stays as stored.
            entry.Messages[index] = entry.Messages[index] with { Delivery = message.Delivery };
            Replace(entry, updated);
            log.Append(events);
            return Task.FromResult(StoreResult.Done);
        }
    }

    /// <summary>A scan of the owner's conversations on the surface: this store is for development and tests.</summary>
    public Task<IReadOnlyList<ExternalMessageMatch>> FindByExternalMessageIdsAsync(
        string owner, string surfaceId, IReadOnlyCollection<string> externalMessageIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(externalMessageIds);
        ct.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(externalMessageIds.Count, IConversationIndex.MaxExternalMessageIds, nameof(externalMessageIds));
        var wanted = externalMessageIds.Distinct(StringComparer.Ordinal).ToList();
        var matches = new List<ExternalMessageMatch>();
        lock (_gate)
        {
            foreach (var key in _byOwner.TryGetValue(owner, out var keys) ? keys : [])
            {
                var entry = _conversations[(owner, key.Id)];
                if (entry.Conversation.Fields.SurfaceId != surfaceId)
                {
                    continue;
                }

                matches.AddRange(wanted.Where(entry.ByExternalId.ContainsKey)
                    .Select(id => new ExternalMessageMatch(id, entry.Conversation.Id, entry.Conversation.Fields.Status)));
            }
        }

        return Task.FromResult<IReadOnlyList<ExternalMessageMatch>>(matches);
    }
}
