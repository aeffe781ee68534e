using Runtype.Grains.Storage;

namespace Runtype.Grains.Conversations;

/// <summary>
/// One activation's copy of its stored conversation, and how it stays true. A store write that fails may still have
/// committed (the link can drop after COMMIT was sent), so after any failed write whose outcome is not known to be
/// "nothing written" the copy is uncertain and the conversation is re-read before the grain answers anything else;
/// the version fence in every write covers the writes themselves.
/// </summary>
internal sealed class ConversationCopy(IConversationStore store, string owner, string id, RecentMessages recent)
{
    // A store conflict means another activation wrote; reloading once settles it, a few times covers a storm.
    private const int MaxAttempts = 3;

    // Set when a store write failed without telling whether it committed; cleared by re-reading.
    private bool _uncertain;

    public string Owner => owner;

    public string Id => id;

    /// <summary>The conversation as this activation last read or wrote it; null when it does not exist.</summary>
    public Conversation? Current { get; set; }

    /// <summary>Whether a failed write left the conversation to be re-read before anything is answered from it.</summary>
    public bool IsUncertain => _uncertain;

    /// <summary>Runs a store write; any failure other than "nothing was written" leaves the state to be re-read.</summary>
    public async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception ex) when (ex is not StorageUnavailableException { OutcomeUnknown: false })
        {
            _uncertain = true;
            throw;
        }
    }

    /// <summary>Re-reads the conversation if a failed write left it uncertain. If the store is still away, this throws (a 503) rather than answer from a state that may be stale.</summary>
    public async Task ReloadIfUncertainAsync()
    {
        if (_uncertain)
        {
            await ReloadAsync();
            _uncertain = false;
        }
    }

    public async Task ReloadOrGiveUpAsync(int attempt)
    {
        if (attempt >= MaxAttempts)
        {
            // Transient (another activation keeps winning, as while a silo fails over): the caller may retry.
            throw new StorageUnavailableException($"Conversation {id} kept changing under this activation; giving up after {attempt} attempts.");
        }

        await ReloadAsync();
    }

    /// <summary>Takes the stored conversation as the truth; the message window is read again when next needed.</summary>
    public async Task ReloadAsync()
    {
        Current = await store.FindAsync(owner, id);
        recent.Forget();
    }
}
