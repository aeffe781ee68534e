using System.Diagnostics.CodeAnalysis;

namespace Runtype.Grains.Tests.Appends;

/// <summary>
/// A task scheduler that runs one task at a time, as an Orleans activation does, and only when the test says so:
/// <see cref="RunUntilIdle"/> runs what is ready until nothing is, on the test's thread. After it returns, whatever has
/// not happened waits for something only the test can do (release a held write, let an exclusive write go), so a test
/// can assert that something did not happen without waiting for it.
/// </summary>
internal sealed class OneTaskAtATime : TaskScheduler
{
    private readonly Lock _gate = new();
    private readonly Queue<Task> _ready = new();

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Starts <paramref name="call"/> on this scheduler (its awaits come back here) and runs until idle.</summary>
    public Task<T> Start<T>(Func<Task<T>> call)
    {
        Task<T>? started = null;
        new Task(() => started = call()).Start(this);
        RunUntilIdle();
        return started!;
    }

    public void RunUntilIdle()
    {
        // Without a synchronization context, awaits come back to this scheduler rather than to the test runner's.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            while (TryTake(out var next))
            {
                TryExecuteTask(next);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private bool TryTake([NotNullWhen(true)] out Task? next)
    {
        lock (_gate)
        {
            return _ready.TryDequeue(out next);
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_gate)
        {
            _ready.Enqueue(task);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_gate)
        {
            return [.. _ready];
        }
    }
}
