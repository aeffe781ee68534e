using Runtype.Grains;
using Runtype.Grains.Storage;

namespace Runtype.Testing;

/// <summary>
/// Store writes that record no events, for tests and benchmarks of the store's other rules (order, versions,
/// uniqueness). Tests of the outbox itself pass their events explicitly.
/// </summary>
public static class StoreWritesWithoutEvents
{
    public static Task<StoreResult> InsertAsync(this IConversationStore store, Conversation conversation) =>
        store.InsertAsync(conversation, []);

    public static Task<StoreResult> UpdateAsync(this IConversationStore store, Conversation updated, long expectedVersion) =>
        store.UpdateAsync(updated, expectedVersion, []);

    public static Task<StoreResult> DeleteAsync(this IConversationStore store, string owner, string conversationId, long expectedVersion) =>
        store.DeleteAsync(owner, conversationId, expectedVersion, []);

    public static Task<StoreResult> AppendAsync(this IConversationStore store, Conversation updated, Message message, long expectedVersion) =>
        store.AppendAsync(updated, message, expectedVersion, []);
}
