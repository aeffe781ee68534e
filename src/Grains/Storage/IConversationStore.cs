using Runtype.Grains.Events;

namespace Runtype.Grains.Storage;

/// <summary>
/// The store of record for conversations and their messages. Every write names the version it expects
/// the stored conversation to have, so a second activation of a grain (possible while a silo fails)
/// cannot overwrite or reorder what the first one committed: it gets <see cref="StoreOutcome.VersionConflict"/>,
/// reloads and tries again. Each write carries the events it produces; the store records them in the same
/// transaction as the change, and only when the change is made (an outbox, read back through <see cref="IEventLog"/>).
/// </summary>
public interface IConversationStore
{
    Task<Conversation?> FindAsync(string owner, string conversationId);

    /// <summary>
    /// Stores a new conversation with its events: <see cref="StoreOutcome.Done"/>, <see cref="StoreOutcome.AlreadyExists"/>
    /// (its id is taken), <see cref="StoreOutcome.ThreadTaken"/> naming the conversation that holds its surface and
    /// external thread, or <see cref="StoreOutcome.VersionConflict"/> when the thread was held as the insert ran but
    /// its holder let it go before it could be named: nothing was written and the thread may be free, so try again.
    /// </summary>
    Task<StoreResult> InsertAsync(Conversation conversation, IReadOnlyList<ConversationEvent> events);

    Task<StoreResult> UpdateAsync(Conversation updated, long expectedVersion, IReadOnlyList<ConversationEvent> events);

    Task<StoreResult> DeleteAsync(string owner, string conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events);

    /// <summary>
    /// Adds <paramref name="message"/> and stores <paramref name="updated"/> (its counters) in one atomic step.
    /// A message already present with the same external id or the same id wins over everything else:
    /// <see cref="StoreOutcome.Duplicate"/> with that message. (The id repeats when a retry re-sends the message
    /// its first attempt reserved and may have committed.)
    /// </summary>
    Task<StoreResult> AppendAsync(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events);

    /// <summary>
    /// Replaces the stored message with <paramref name="redacted"/> (same id, content and metadata erased), replaces the
    /// data of the <c>message.created</c> events recorded for it with the redacted message's JSON, and stores
    /// <paramref name="updated"/> (its new version), in one atomic step from <paramref name="expectedVersion"/>:
    /// <see cref="StoreOutcome.Done"/>, <see cref="StoreOutcome.Missing"/> or <see cref="StoreOutcome.VersionConflict"/>
    /// (also when the message is not there). The erased content is gone from storage, not hidden.
    /// </summary>
    Task<StoreResult> RedactAsync(Conversation updated, Message redacted, long expectedVersion, IReadOnlyList<ConversationEvent> events);

    /// <summary>
    /// Sets the stored message's delivery to <paramref name="message"/>'s (nothing else of it changes), records
    /// <paramref name="events"/> and stores <paramref name="updated"/> (its new version), in one atomic step from
    /// <paramref name="expectedVersion"/>: <see cref="StoreOutcome.Done"/>, <see cref="StoreOutcome.Missing"/> or
    /// <see cref="StoreOutcome.VersionConflict"/> (also when the message is not there).
    /// </summary>
    Task<StoreResult> RecordDeliveryAsync(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events);

    /// <summary>
    /// Appends a batch in one atomic step (a busy conversation's queued posts, or a history import): stores
    /// <paramref name="updated"/> and adds <paramref name="messages"/> (consecutive positions after the stored ones)
    /// with <paramref name="events"/>. When any of the batch's external ids or ids is already in the conversation it
    /// writes nothing and answers <see cref="StoreOutcome.Duplicate"/> naming them, whatever the version; only then
    /// does the version fence apply. So an <paramref name="expectedVersion"/> of 0 (no conversation is ever at version
    /// 0) asks which ids are taken and writes nothing: <see cref="StoreOutcome.Duplicate"/> or
    /// <see cref="StoreOutcome.VersionConflict"/>.
    /// </summary>
    Task<AppendBatchResult> AppendBatchAsync(Conversation updated, IReadOnlyList<Message> messages, long expectedVersion, IReadOnlyList<ConversationEvent> events);

    /// <summary>The message with this id in the conversation, or null.</summary>
    Task<Message?> FindMessageAsync(string owner, string conversationId, string messageId);

    /// <summary>Up to <see cref="MessageQuery.Limit"/> messages in the query's direction, after its bound.</summary>
    Task<IReadOnlyList<Message>> ReadMessagesAsync(string owner, string conversationId, MessageQuery query);
}
