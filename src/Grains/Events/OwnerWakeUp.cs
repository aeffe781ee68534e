using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Runtype.Grains.Events;

/// <summary>
/// Tells each owner's <see cref="IOwnerEventsGrain"/> that events committed, at most about once per
/// <see cref="Window"/> per owner from this silo: the first commit is told at once, the commits that follow within
/// the window share one more call at its end. One call per message cost the outbox benchmark most of its
/// throughput (every append of an owner sent a one-way call to that owner's one activation); readers only need to
/// know that something is new, since they read the log. A silo-wide singleton; it never fails a write.
/// </summary>
public sealed class OwnerWakeUp(IGrainFactory grains, ILogger<OwnerWakeUp> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(10);

    private const int Idle = 0;
    private const int Told = 1;
    private const int TellAgain = 2;

    private readonly ConcurrentDictionary<string, StrongBox<int>> _owners = new(StringComparer.Ordinal);

    public void Committed(string owner)
    {
        var state = _owners.GetOrAdd(owner, _ => new StrongBox<int>(Idle));
        if (Interlocked.CompareExchange(ref state.Value, Told, Idle) == Idle)
        {
            Tell(owner);

            // Off the grain's scheduler: the window's timer must not hold the conversation grain's turn.
            _ = Task.Run(() => CloseWindowAsync(owner, state));
        }
        else
        {
            Volatile.Write(ref state.Value, TellAgain);
        }
    }

    private async Task CloseWindowAsync(string owner, StrongBox<int> state)
    {
        while (true)
        {
            await Task.Delay(Window);
            if (Interlocked.CompareExchange(ref state.Value, Idle, Told) == Told)
            {
                return;
            }

            Volatile.Write(ref state.Value, Told);
            Tell(owner);
        }
    }

    private void Tell(string owner)
    {
        try
        {
            grains.GetGrain<IOwnerEventsGrain>(owner).Committed().Ignore();
        }
#pragma warning disable CA1031 // Whatever went wrong, the events are committed and readers poll: the write stands.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Could not wake the event readers of owner {Owner}; they will find the events on their next poll.", owner);
        }
    }
}
