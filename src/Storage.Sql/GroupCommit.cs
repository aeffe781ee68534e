using System.Diagnostics;
using System.Threading.Channels;
using Runtype.Grains.Telemetry;

namespace Runtype.Storage.Sql;

/// <summary>
/// Group commit: writes that arrive while a commit is under way wait for the next one, and each commit carries
/// everything that waited (up to <see cref="MaxBatch"/>), so concurrent writers from many conversations share
/// one transaction and one log flush. Each caller's task completes only after the commit that carried its write
/// has returned, with that write's own result; if the commit fails, every write it carried fails with it.
/// Tracing: each commit is a span of its own (<see cref="RuntypeTracing"/>) linked to the span of every write it
/// carried, and its database commands are its children; a request's trace reaches them through the link.
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

        // The loops serve every caller, so they must not carry the context of the one that happened to construct
        // this (its trace as the parent of every commit span, its Orleans request context).
        using (ExecutionContext.SuppressFlow())
        {
            _loops = Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(RunAsync)));
        }
    }

    public Task<TResult> WriteAsync(TWrite write)
    {
        var pending = new Pending(write, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), Activity.Current?.Context);
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

            // A write wakes every waiting loop; those that find the queue already drained have nothing to commit (a
            // commit of nothing would still take a connection and a round trip).
            if (batch.Count == 0)
            {
                continue;
            }

            using var span = RuntypeTracing.Source.HasListeners() ? StartSpan(batch) : null;
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
                span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
    }

    private static Activity? StartSpan(List<Pending> batch)
    {
        var links = batch.Where(p => p.Caller is not null).Select(p => new ActivityLink(p.Caller!.Value));
        var span = RuntypeTracing.Source.StartActivity(ActivityKind.Internal, parentContext: default, links: links, name: "group commit");
        span?.SetTag("runtype.group.size", batch.Count);
        return span;
    }

    private sealed record Pending(TWrite Write, TaskCompletionSource<TResult> Completion, ActivityContext? Caller);
}
