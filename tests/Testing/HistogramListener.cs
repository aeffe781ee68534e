using System.Diagnostics.Metrics;

namespace Runtype.Testing;

/// <summary>Hands every measurement of one of our histograms, from anywhere in the process, to a callback.</summary>
public static class HistogramListener
{
    public static MeterListener Listen(Histogram<int> histogram, Action<int> record)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == histogram.Meter.Name && instrument.Name == histogram.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) => record(size));
        listener.Start();
        return listener;
    }

    /// <summary>Every measurement, kept in <paramref name="values"/> (locked while adding).</summary>
    public static MeterListener Collect(Histogram<int> histogram, List<int> values) =>
        Listen(histogram, value =>
        {
            lock (values)
            {
                values.Add(value);
            }
        });
}
