using Runtype.Grains.Events;
using Runtype.Grains.Storage;

namespace Runtype.Grains.Tests.Appends;

/// <summary>One write as it reached the store: the call, and the messages it carried in order.</summary>
internal sealed record StoreWrite(string Call, IReadOnlyList<Message> Messages)
{
    public string[] Contents => [.. Messages.Select(m => m.Content)];
}

/// <summary>
/// The in-memory store with a hand on its writes, for tests of the append queue's rules (not of a store): while
/// <see cref="Holding"/>, each write waits until the test lets it through (<see cref="Release"/>) or fails it
/// (<see cref="Fail"/>), so a test sees what one commit carries and what queues behind it.
/// </summary>
internal sealed class HeldStore : IConversationStore
{
    private readonly List<StoreWrite> _writes = [];
    private readonly Queue<TaskCompletionSource<(bool Commit, Exception? Failure)>> _held = new();

    public InMemoryConversationStore Inner { get; } = new();

    public bool Holding { get; set; }

    /// <summary>Every write in the order it reached the store, held or not.</summary>
    public IReadOnlyList<StoreWrite> Writes => _writes;

    /// <summary>How many times the conversation was read (a grain re-reads it after a write of unknown outcome).</summary>
    public int Reads { get; private set; }

    public int HeldCount => _held.Count;

    /// <summary>Lets the oldest held write through.</summary>
    public void Release() => _held.Dequeue().SetResult((true, null));

    /// <summary>Fails the oldest held write with <paramref name="failure"/>: after making its change if <paramref name="committed"/> (a link lost after COMMIT).</summary>
    public void Fail(Exception failure, bool committed = false) => _held.Dequeue().SetResult((committed, failure));

    public Task<Conversation?> FindAsync(string owner, string conversationId)
    {
        Reads++;
        return Inner.FindAsync(owner, conversationId);
    }

    public Task<StoreResult> InsertAsync(Conversation conversation, IReadOnlyList<ConversationEvent> events) =>
        WriteAsync(nameof(InsertAsync), [], () => Inner.InsertAsync(conversation, events));

    public Task<StoreResult> UpdateAsync(Conversation updated, long expectedVersion, IReadOnlyList<ConversationEvent> events) =>
        WriteAsync(nameof(UpdateAsync), [], () => Inner.UpdateAsync(updated, expectedVersion, events));

    public Task<StoreResult> DeleteAsync(string owner, string conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events) =>
        WriteAsync(nameof(DeleteAsync), [], () => Inner.DeleteAsync(owner, conversationId, expectedVersion, events));

    public Task<StoreResult> AppendAsync(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events) =>
        WriteAsync(nameof(AppendAsync), [message], () => Inner.AppendAsync(updated, message, expectedVersion, events));

    public Task<StoreResult> RedactAsync(Conversation updated, Message redacted, long expectedVersion, IReadOnlyList<ConversationEvent> events) =>
        WriteAsync(nameof(RedactAsync), [redacted], () => Inner.RedactAsync(updated, redacted, expectedVersion, events));

    public Task<StoreResult> RecordDeliveryAsync(Conversation updated, Message message, long expectedVersion, IReadOnlyList<ConversationEvent> events) =>
        WriteAsync(nameof(RecordDeliveryAsync), [message], () => Inner.RecordDeliveryAsync(updated, message, expectedVersion, events));

    public Task<AppendBatchResult> AppendBatchAsync(Conversation updated, IReadOnlyList<Message> messages, long expectedVersion, IReadOnlyList<ConversationEvent> events) =>
        WriteAsync(nameof(AppendBatchAsync), messages, () => Inner.AppendBatchAsync(updated, messages, expectedVersion, events));

    public Task<Message?> FindMessageAsync(string owner, string conversationId, string messageId) =>
        Inner.FindMessageAsync(owner, conversationId, messageId);

    public Task<IReadOnlyList<Message>> ReadMessagesAsync(string owner, string conversationId, MessageQuery query) =>
        Inner.ReadMessagesAsync(owner, conversationId, query);

    private async Task<T> WriteAsync<T>(string call, IReadOnlyList<Message> messages, Func<Task<T>> write)
    {
        _writes.Add(new StoreWrite(call, [.. messages]));
        if (!Holding)
        {
            return await write();
        }

        var decision = new TaskCompletionSource<(bool Commit, Exception? Failure)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _held.Enqueue(decision);
        var (commit, failure) = await decision.Task;
        var result = commit ? await write() : default;
        return failure is null ? result! : throw failure;
    }
}
