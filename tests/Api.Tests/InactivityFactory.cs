using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Runtype.Api.Tests;

/// <summary>
/// The real API whose clock a test can move forward (<see cref="Clock"/>), with each conversation's inactivity reminder
/// ticking every second: a timer of a minute then falls due when the test moves the clock, not a minute later.
/// Whether the reminder fires at the right real time is <c>InactivityCrashTests</c>' and <c>InactivityScaleTests</c>'
/// business; these tests hold the rules (what closes when, which events, which durations).
/// </summary>
public sealed class InactivityFactory : ApiFactory
{
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Inactivity:CheckEvery", "00:00:01");
        builder.UseSetting("Inactivity:LongestWait", "00:00:01");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The system clock plus an offset the test moves forward; timers still run in real time.</summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
