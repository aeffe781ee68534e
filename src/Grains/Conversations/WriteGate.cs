namespace Runtype.Grains.Conversations;

/// <summary>
/// Who may write a conversation now. Appends interleave (<c>[AlwaysInterleave]</c>) so the next ones can be accepted
/// while a commit is in flight and go together in the following commit; every other write (create, update, delete,
/// import, redaction, re-reading after an unknown outcome) is exclusive: it waits for the appends already accepted
/// to finish, and appends arriving meanwhile wait for it. Used only on the activation's scheduler, so no locks.
/// </summary>
internal sealed class WriteGate
{
    private TaskCompletionSource? _exclusive;
    private Task _appending = Task.CompletedTask;

    /// <summary>Returns once no exclusive write holds the gate; an append is accepted only then.</summary>
    public async Task AppendAllowedAsync()
    {
        while (_exclusive is { } held)
        {
            await held.Task;
        }
    }

    /// <summary>
    /// Whether the caller is to commit the accepted appends now (no drain is under way): it then calls
    /// <paramref name="done"/> once the queue is empty. Otherwise the drain under way takes the caller's append too.
    /// </summary>
    public bool TryStartAppending(out Action done)
    {
        if (!_appending.IsCompleted)
        {
            done = static () => { };
            return false;
        }

        var appending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _appending = appending.Task;
        done = appending.SetResult;
        return true;
    }

    /// <summary>Holds the gate: appends already accepted are committed first, new ones wait until it is released.</summary>
    public async Task<Held> EnterAsync()
    {
        await AppendAllowedAsync();
        var held = _exclusive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The drain's task never faults (it completes through its done action), so this wait cannot throw.
        while (!_appending.IsCompleted)
        {
            await _appending;
        }

        return new Held(this, held);
    }

    private void Release(TaskCompletionSource held)
    {
        if (ReferenceEquals(_exclusive, held))
        {
            _exclusive = null;
        }

        held.TrySetResult();
    }

    /// <summary>An exclusive write's hold on the gate; disposing it lets appends in again.</summary>
    public readonly struct Held(WriteGate gate, TaskCompletionSource held) : IDisposable
    {
        public void Dispose() => gate.Release(held);
    }
}
