using Microsoft.Extensions.Logging;

namespace Runtype.Grains.Events;

/// <summary>
/// Wakes the API nodes that stream one owner's events, and the owner's webhook deliveries. It holds only the
/// subscriptions, in memory: if it is lost (silo down, deactivation), subscribers re-subscribe within 20 seconds
/// and poll the log meanwhile, so nothing is lost but latency.
/// </summary>
public sealed class OwnerEventsGrain(TimeProvider time, ILogger<OwnerEventsGrain> logger) : Grain, IOwnerEventsGrain
{
    /// <summary>A subscription not refreshed for this long belongs to a node that is gone.</summary>
    internal static readonly TimeSpan Lapse = TimeSpan.FromMinutes(1);

    /// <summary>
    /// At most one wake-up per observer in this window: a burst of commits (hundreds a second on a busy owner)
    /// becomes one call at its start and one at its end, and a reader reads the whole burst in one go anyway.
    /// </summary>
    internal static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<IEventsObserver, DateTimeOffset> _observers = [];
    private IGrainTimer? _quiet;
    private bool _committedWhileQuiet;

    Task IOwnerEventsGrain.Committed()
    {
        if (_quiet is not null)
        {
            _committedWhileQuiet = true;
            return Task.CompletedTask;
        }

        NotifyAndKeepQuiet();
        return Task.CompletedTask;
    }

    Task IOwnerEventsGrain.Subscribe(IEventsObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers[observer] = time.GetUtcNow() + Lapse;
        return Task.CompletedTask;
    }

    Task IOwnerEventsGrain.Unsubscribe(IEventsObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    private void NotifyAndKeepQuiet()
    {
        // The owner's webhook deliveries read the same log; one-way, and it wakes only enabled endpoints.
        _ = GrainFactory.GetGrain<Webhooks.IWebhooksGrain>(this.GetPrimaryKeyString()).Committed();
        var now = time.GetUtcNow();
        foreach (var (observer, expires) in _observers.ToList())
        {
            if (expires <= now)
            {
                _observers.Remove(observer);
                continue;
            }

            try
            {
                // One-way: the call returns at once; an observer that cannot be reached fails here or simply lapses.
                if (observer.EventsCommitted().IsFaulted)
                {
                    _observers.Remove(observer);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogDebug(ex, "Dropping an events observer that could not be called.");
                _observers.Remove(observer);
            }
        }

        _committedWhileQuiet = false;
        _quiet = this.RegisterGrainTimer(EndQuiet, new GrainTimerCreationOptions(QuietWindow, Timeout.InfiniteTimeSpan));
    }

    private Task EndQuiet(CancellationToken cancellation)
    {
        _quiet?.Dispose();
        _quiet = null;
        if (_committedWhileQuiet)
        {
            NotifyAndKeepQuiet();
        }

        return Task.CompletedTask;
    }
}
