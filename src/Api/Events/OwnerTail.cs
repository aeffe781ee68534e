using System.Threading.Channels;
using Runtype.Api.Cluster;
using Runtype.Grains.Events;

namespace Runtype.Api.Events;

/// <summary>
/// This node's one reader of an owner's feed, shared by all of that owner's streams here: it reads new events into
/// the <see cref="Ring"/> when the owner's grain says something committed, and every second regardless, so a lost
/// wake-up or a dead silo delays events but never loses one (the log is the source of truth, not the call).
/// </summary>
public sealed partial class OwnerTail : IEventsObserver, IAsyncDisposable
{
    private readonly string _owner;
    private readonly GrainReferences _grains;
    private readonly IGrainFactory _factory;
    private readonly EventStreamSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly IEventsObserver _reference;
    private readonly Task _running;

    public OwnerTail(string owner, GrainReferences grains, IGrainFactory factory, EventStreamSettings settings, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(settings);
        (_owner, _grains, _factory, _settings, _time, _logger) = (owner, grains, factory, settings, time, logger);
        Ring = new EventRing(settings.RingCapacity, settings.RingBytes);
        _reference = factory.CreateObjectReference<IEventsObserver>(this);
        _running = Task.Run(RunAsync);
    }

    public EventRing Ring { get; }

    /// <summary>Reads the feed now rather than at the next poll.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    Task IEventsObserver.EventsCommitted()
    {
        Wake();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        try
        {
            await _grains.OwnerEvents(_owner).Unsubscribe(_reference).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The subscription lapses within a minute anyway.
            LogUnsubscribeFailed(_logger, ex);
        }

        _factory.DeleteObjectReference<IEventsObserver>(_reference);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        long? subscribedAt = null;
        while (!_stop.IsCancellationRequested)
        {
            if (subscribedAt is not { } at || _time.GetElapsedTime(at) >= _settings.Resubscribe)
            {
                subscribedAt = await SubscribeAsync() ? _time.GetTimestamp() : subscribedAt;
            }

            if (Ring.IsSeeded)
            {
                await ReadNewAsync();
            }

            await WaitForWakeAsync();
        }
    }

    private async Task<bool> SubscribeAsync()
    {
        try
        {
            await _grains.OwnerEvents(_owner).Subscribe(_reference).WaitAsync(_settings.CallTimeout, _time, _stop.Token);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !_stop.IsCancellationRequested)
        {
            LogSubscribeFailed(_logger, ex);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ReadNewAsync()
    {
        try
        {
            var feed = _grains.EventFeed();
            while (!_stop.IsCancellationRequested)
            {
                var page = await feed.Read(_owner, new EventQuery(Ring.Head, _settings.ReadBatch)).WaitAsync(_settings.CallTimeout, _time, _stop.Token);
                Ring.Append(page.Items);
                if (!page.More)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The cluster or the store is away; the next poll tries again and streams wait meanwhile.
            LogReadFailed(_logger, ex);
        }
    }

    private async Task WaitForWakeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_settings.Poll);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The poll interval passed (or the tail is stopping): read anyway.
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Could not subscribe to commit notifications; streams fall back to polling the feed every second")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Could not read the event feed for live streams; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 42, Level = LogLevel.Debug, Message = "Could not unsubscribe from commit notifications; the subscription will lapse")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception);
}
