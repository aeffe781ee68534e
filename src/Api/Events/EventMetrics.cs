using System.Diagnostics.Metrics;
using Runtype.Grains.Telemetry;

namespace Runtype.Api.Events;

/// <summary>The event read paths' instruments, on the same <c>Runtype</c> meter the grains use.</summary>
public static class EventMetrics
{
    private static readonly Meter Meter = new(RuntypeMetrics.MeterName);

    public static readonly UpDownCounter<long> StreamSubscribers = Meter.CreateUpDownCounter<long>(
        "runtype.events.stream.subscribers", "{stream}", "Open event streams on this API node.");

    public static readonly Counter<long> Served = Meter.CreateCounter<long>(
        "runtype.events.served", "{event}", "Events sent to clients, tagged by path (feed or stream).");

    public static void ServedByFeed(int count) => Served.Add(count, new KeyValuePair<string, object?>("path", "feed"));

    public static void ServedByStream(int count) => Served.Add(count, new KeyValuePair<string, object?>("path", "stream"));
}
