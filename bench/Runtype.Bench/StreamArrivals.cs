using System.Diagnostics;

namespace Runtype.Bench;

/// <summary>
/// What one open stream received: the arrival time (<see cref="Stopwatch"/> ticks) of each message's event by
/// <see cref="MessageIndex"/> index, how many arrived twice, and how often the server closed the stream.
/// Written only by that stream's reader.
/// </summary>
public sealed class StreamArrivals(MessageIndex index)
{
    public long[] Times { get; } = new long[index.Capacity];

    public int Repeated { get; private set; }

    public int Reconnects { get; set; }

    public void Record(ReadOnlySpan<byte> messageId, long timestamp)
    {
        var i = index.Of(messageId);
        if ((uint)i >= (uint)Times.Length)
        {
            return;
        }

        if (Volatile.Read(ref Times[i]) != 0)
        {
            Repeated++;
            return;
        }

        Volatile.Write(ref Times[i], timestamp);
    }

    /// <summary>Whether the event of message <paramref name="i"/> has arrived (read from another thread while waiting).</summary>
    public bool Has(int i) => Volatile.Read(ref Times[i]) != 0;
}
