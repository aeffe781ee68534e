namespace Runtype.Api.Events;

/// <summary>
/// The stream's fixed tuning. Not configuration: the contract fixes the keep-alive and the design the rest; tests
/// replace this singleton to make the keep-alive and the ring small enough to observe.
/// </summary>
public sealed class EventStreamSettings
{
    /// <summary>Recent events kept per owner on this node; a stream more than this far behind is disconnected.</summary>
    public int RingCapacity { get; init; } = 4096;

    /// <summary>
    /// The event data the ring keeps per owner on this node at most (counted as held, UTF-16): 16 MiB, whatever the
    /// events' size; the oldest go first, and a stream behind them reads on from the feed.
    /// </summary>
    public long RingBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The contract's upper bound between two writes to an idle stream.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the tail reads the log without a wake-up, so a lost one costs at most this much latency.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the tail renews its subscription; the owner grain lets one lapse after a minute.</summary>
    public TimeSpan Resubscribe { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long the tail waits for one feed read or subscription before trying again at the next poll. A call sent
    /// through a gateway that just died is only failed by the cluster's response timeout (30 s), and would hold
    /// every stream of the owner on this node that long; the abandoned call's answer is simply dropped.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Events read per feed call, by the tail and by a stream catching up.</summary>
    public int ReadBatch { get; init; } = 500;
}
