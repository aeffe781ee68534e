using Runtype.Grains.Events;

namespace Runtype.Api.Events;

/// <summary>One stream's place in its owner's <see cref="EventRing"/>; the ring moves and checks it under its lock.</summary>
public sealed class RingReader : IDisposable
{
    /// <summary>The last position this stream took from the ring.</summary>
    internal EventPosition Position { get; set; }

    /// <summary>Cancelled when the ring drops events this stream has not taken yet: it is too slow and must go.</summary>
    public CancellationTokenSource Overrun { get; } = new();

    public void Dispose() => Overrun.Dispose();
}
