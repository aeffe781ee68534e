using Runtype.Api.Cluster;

namespace Runtype.Api.Events;

/// <summary>The <see cref="OwnerTail"/> of each owner with at least one open stream on this node.</summary>
public sealed class OwnerTails(GrainReferences grains, IGrainFactory factory, EventStreamSettings settings, TimeProvider time, ILoggerFactory loggers)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (OwnerTail Tail, int Streams)> _tails = new(StringComparer.Ordinal);

    /// <summary>The owner's tail, started if this is its first stream; give it back with <see cref="ReleaseAsync"/>.</summary>
    public OwnerTail Acquire(string owner)
    {
        lock (_gate)
        {
            var (tail, streams) = _tails.TryGetValue(owner, out var held)
                ? held
                : (new OwnerTail(owner, grains, factory, settings, time, loggers.CreateLogger<OwnerTail>()), 0);
            _tails[owner] = (tail, streams + 1);
            return tail;
        }
    }

    /// <summary>Stops the tail, and its subscription, when its owner's last stream here closes.</summary>
    public async ValueTask ReleaseAsync(string owner, OwnerTail tail)
    {
        lock (_gate)
        {
            var (held, streams) = _tails[owner];
            if (streams > 1)
            {
                _tails[owner] = (held, streams - 1);
                return;
            }

            _tails.Remove(owner);
        }

        await tail.DisposeAsync();
    }
}
