using Runtype.Grains.Telemetry;
using Runtype.Testing;

namespace Runtype.Api.Tests;

/// <summary>
/// How late a reminder tick fired, from the TickStatus Orleans hands the grain: ticks fall at FirstTickTime + n × Period
/// (missed ones are skipped), so lateness is the time since the last of those at or before CurrentTickTime.
/// </summary>
public sealed class ReminderMetricsTests
{
    private static readonly AsyncLocal<bool> Mine = new();
    private static readonly DateTime First = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0.25, 0.25)] // the first tick, a quarter of a second late
    [InlineData(120.5, 0.5)] // the third tick of a one-minute reminder, half a second late
    [InlineData(179.9, 59.9)] // a tick that fires just before the next one falls due
    [InlineData(-0.1, 0)] // delivered before its time by a silo whose clock runs behind
    public void Lateness_is_the_time_since_the_tick_the_delivery_stands_for(double firedAfterFirstSeconds, double lateSeconds)
    {
        Mine.Value = true;
        using var log = new MeasurementLog([RuntypeMetrics.RemindersFired.Name, RuntypeMetrics.ReminderLateness.Name], () => Mine.Value);

        RuntypeMetrics.ReminderFired("inactivity", new TickStatus(First, TimeSpan.FromMinutes(1), First.AddSeconds(firedAfterFirstSeconds)));

        var fired = Assert.Single(log.Of(RuntypeMetrics.RemindersFired.Name));
        Assert.Equal("inactivity", fired.Tags["reminder"]);
        var lateness = Assert.Single(log.Of(RuntypeMetrics.ReminderLateness.Name));
        Assert.Equal(lateSeconds, lateness.Value, precision: 6);
        Assert.Equal("inactivity", lateness.Tags["reminder"]);
    }
}
