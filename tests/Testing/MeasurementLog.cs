using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Runtype.Grains.Telemetry;

namespace Runtype.Testing;

/// <summary>
/// Keeps every measurement of the named instruments of our meter (<see cref="RuntypeMetrics.MeterName"/>) with its
/// tags. Instruments are process-wide, so other tests' measurements arrive too: <paramref name="keep"/>, asked on the
/// recording thread, can keep only a test's own (an <see cref="AsyncLocal{T}"/> the test set flows to its calls).
/// </summary>
public sealed class MeasurementLog : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _taken = new();

    public MeasurementLog(IReadOnlyCollection<string> instruments, Func<bool>? keep = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RuntypeMetrics.MeterName && instruments.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Keep(instrument, value, tags));
        _listener.Start();

        void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (keep?.Invoke() ?? true)
            {
                _taken.Enqueue(new Measured(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString(), StringComparer.Ordinal)));
            }
        }
    }

    /// <summary>The measurements of <paramref name="instrument"/> so far, in the order taken.</summary>
    public IReadOnlyList<Measured> Of(string instrument) => [.. _taken.Where(m => m.Instrument == instrument)];

    public void Dispose() => _listener.Dispose();

    public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);
}
