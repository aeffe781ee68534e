namespace Runtype.Grains.Conversations;

/// <summary>
/// Who writes one conversation when; write batching after the idea of Orleans' <c>BatchWorker</c>. Appends interleave
/// (<c>[AlwaysInterleave]</c>): each is accepted into the queue in arrival order (positions follow it), one drain at a
/// time commits the queue's front as one store write (<see cref="AppendWriter"/>) while the appends arriving meanwhile
/// queue for the next, and each caller awaits its own append's answer. A conversation written by many clients at once
/// thus commits many messages per round trip instead of one. Every other write (create, update, delete, import,
/// redaction, re-reading after a write of unknown outcome) is exclusive (<see cref="ExclusiveAsync"/>): it waits for
/// the appends already accepted to commit, and appends arriving meanwhile wait for it. Used only on the activation's
/// scheduler, so no locks.
/// </summary>
internal sealed class AppendQueue(AppendWriter writer)
{
    /// <summary>The most messages one store write carries (AppendMessages.sql takes up to 1,000).</summary>
    public const int MaxBatch = 256;

    private readonly Queue<PendingAppend> _accepted = new();

    // Set while a drain is under way; completed (and cleared) when it leaves the queue empty.
    private TaskCompletionSource? _draining;

    // Set while an exclusive write holds the queue; completed (and cleared) when it lets go.
    private TaskCompletionSource? _exclusive;

    /// <summary>
    /// Accepts <paramref name="message"/> once no exclusive write holds the queue, and answers it when the commit that
    /// carries it has returned. Throws what that commit threw.
    /// </summary>
    public async Task<MessageResult> AppendAsync(NewMessage message)
    {
        await NoExclusiveWriteAsync();
        var pending = new PendingAppend(message);
        _accepted.Enqueue(pending);
        if (_draining is null)
        {
            // No commit in flight: this call commits its own message (the queue's head) and finds its answer ready,
            // without a scheduling hop. What queued meanwhile is committed after it returns, by a drain of its own.
            _draining = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await DrainAsync(until: pending);
            _ = DrainAsync(until: null);
        }

        return await pending.Outcome.Task;
    }

    /// <summary>Holds the queue for an exclusive write: the appends already accepted commit first, new ones wait until it is disposed.</summary>
    public async Task<Exclusive> ExclusiveAsync()
    {
        await NoExclusiveWriteAsync();
        var held = _exclusive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A drain never faults (a failure is its appends' answer), so this wait cannot throw.
        while (_draining is { } draining)
        {
            await draining.Task;
        }

        return new Exclusive(this, held);
    }

    private async Task NoExclusiveWriteAsync()
    {
        while (_exclusive is { } held)
        {
            await held.Task;
        }
    }

    /// <summary>
    /// Commits accepted appends, batch after batch, until <paramref name="until"/> is answered or, without it, until none
    /// is left, which ends the drain. Never throws: a failed commit is the answer of each append it carried.
    /// </summary>
    private async Task DrainAsync(PendingAppend? until)
    {
        var batch = new List<PendingAppend>();
        while (until?.Outcome.Task.IsCompleted != true)
        {
            if (!TakeBatch(batch))
            {
                var draining = _draining;
                _draining = null;
                draining?.SetResult();
                return;
            }

            try
            {
                await writer.WriteAsync(batch);
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>
    /// The queue's front in acceptance order, up to <see cref="MaxBatch"/>, ending before a message whose external id or
    /// reserved id repeats one already taken: that one waits for the next batch, where the first one's outcome decides it.
    /// </summary>
    private bool TakeBatch(List<PendingAppend> batch)
    {
        batch.Clear();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (batch.Count < MaxBatch && _accepted.TryPeek(out var next))
        {
            var message = next.Message;
            if ((message.ExternalMessageId is { } external && !keys.Add("e:" + external)) || (message.Id is { } id && !keys.Add("i:" + id)))
            {
                break;
            }

            batch.Add(_accepted.Dequeue());
        }

        return batch.Count > 0;
    }

    private void Release(TaskCompletionSource held)
    {
        if (ReferenceEquals(_exclusive, held))
        {
            _exclusive = null;
        }

        held.TrySetResult();
    }

    /// <summary>An exclusive write's hold on the queue; disposing it lets appends in again.</summary>
    public readonly struct Exclusive(AppendQueue queue, TaskCompletionSource held) : IDisposable
    {
        public void Dispose() => queue.Release(held);
    }
}
