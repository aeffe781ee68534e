using Runtype.Grains.Events;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Storage;

public sealed partial class InMemoryConversationStore
{
    public Task<StoreResult> RedactAsync(Conversation updated, Message redacted, long expectedVersion, IReadOnlyList<ConversationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(redacted);
        lock (_gate)
        {
            if (!TryGetCurrent(updated.Owner, updated.Id, expectedVersion, out var entry, out var failure))
            {
                return Task.FromResult(failure);
            }

            if (!entry.ById.TryGetValue(redacted.Id, out var index))
            {
                return Task.FromResult(StoreResult.VersionConflict);
            }

            // The old record is dropped, not kept beside the new one: nothing in this process holds the content afterwards.
            _search.Remove(updated.Owner, entry.Messages[index]);
            entry.Messages[index] = redacted;
            Replace(entry, updated);
            log.Scrub(updated.Owner, updated.Id, redacted.Id, WireValues.Render(redacted, MessageJson.Write));
            log.Append(events);
            return Task.FromResult(StoreResult.Done);
        }
    }
}
