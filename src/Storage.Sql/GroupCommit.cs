using System.Threading.Channels;

namespace Runtype.Storage.Sql;

/// <summary>
/// Group commit: writes that arrive while a commit is under way wait for the next one, and each commit carries
/// everything that waited (up to <see cref="MaxBatch"/>), so concurrent writers from many conversations share
/// one transaction and one log flush. Each caller's task completes only after the commit that carried its write
/// has returned, with that write's own result; if the commit fails, every write it carried fails with it.
/// A few commits may be under way at once (<c>writers</c>), so the database can use more than one core; the
/// queue is what turns a burst into a batch.
/// </summary>
internal sealed class GroupCommit<TWrite, TResult> : IAsyncDisposable
{
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<TResult>>> _commit;
    private readonly Task _loops;

    /// <param name="commit">Writes the batch in one transaction and returns one result per write, in order.</param>
    /// <param name="writers">How many commits may be under way at once.</param>
    public GroupCommit(Func<IReadOnlyList<TWrite>, Task<IReadOnlyList<TResult>>> commit, int writers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        _commit = commit;
        _loops = Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(RunAsync)));
    }

    public Task<TResult> WriteAsync(TWrite write)
    {
        var pending = new Pending(write, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Completion.SetException(new ObjectDisposedException(nameof(GroupCommit<TWrite, TResult>)));
        }

        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loops;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var writes = new List<TWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            writes.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                writes.Add(pending.Write);
            }

            try
            {
                var results = await _commit(writes);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
    }

    private sealed record Pending(TWrite Write, TaskCompletionSource<TResult> Completion);
}
