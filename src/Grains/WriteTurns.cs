namespace Runtype.Grains;

/// <summary>
/// Writes of one grain's state, one after another in the order begun, when loops and calls that interleave at their
/// awaits each write it (Orleans refuses a state write while another is in flight). Used on the grain's scheduler.
/// </summary>
internal sealed class WriteTurns
{
    /// <summary>The last write begun.</summary>
    private Task _writing = Task.CompletedTask;

    public async Task RunAsync(Func<Task> write)
    {
        var previous = _writing;
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writing = mine.Task;
        try
        {
            await previous;
            await write();
        }
        finally
        {
            mine.SetResult();
        }
    }
}
