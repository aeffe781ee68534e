using System.Diagnostics;

namespace Runtype.Bench;

/// <summary>
/// Commit-to-stream latency over open streams: for every measured message and every stream, the time from its
/// POST's 201 to its event's arrival. An event may arrive before the poster has read the 201; that latency
/// counts as 0 and is counted, so a clamp that hides something shows.
/// </summary>
public sealed record StreamTally(List<double> Milliseconds, int BeforeAnswer, int Missing, int Repeated, int Reconnects)
{
    /// <summary>Waits until every stream has every measured message or <paramref name="patience"/> has passed.</summary>
    public static async Task WaitForAllAsync(OpenLoopPoster poster, IReadOnlyList<StreamArrivals> streams, TimeSpan patience)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !streams.All(s => poster.Measured.All(s.Has)))
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Call once the readers have stopped.</summary>
    public static StreamTally Of(OpenLoopPoster poster, IReadOnlyList<StreamArrivals> streams)
    {
        var milliseconds = new List<double>(poster.Measured.Count * streams.Count);
        var beforeAnswer = 0;
        var missing = 0;
        foreach (var stream in streams)
        {
            foreach (var i in poster.Measured)
            {
                var arrived = stream.Times[i];
                if (arrived == 0)
                {
                    missing++;
                    continue;
                }

                var elapsed = Stopwatch.GetElapsedTime(poster.AnsweredAt(i), arrived).TotalMilliseconds;
                if (elapsed < 0)
                {
                    beforeAnswer++;
                    elapsed = 0;
                }

                milliseconds.Add(elapsed);
            }
        }

        return new StreamTally(milliseconds, beforeAnswer, missing, streams.Sum(s => s.Repeated), streams.Sum(s => s.Reconnects));
    }

    public double Percentile(double quantile) => Measurement.PercentileOf(Milliseconds, quantile);

    public double Max => Milliseconds.Count == 0 ? double.NaN : Milliseconds.Max();
}
