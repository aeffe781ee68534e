using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Conversations;

namespace Runtype.Api.Tests;

/// <summary>
/// The real API whose clock a test can move forward (<see cref="Clock"/>), with each conversation's inactivity reminder
/// ticking every second: a timer of a minute then falls due when the test moves the clock, not a minute later.
/// Whether the reminder fires at the right real time is <c>InactivityCrashTests</c>' and <c>InactivityScaleTests</c>'
/// business; these tests hold the rules (what closes when, which events, which durations). The conversation grain logs
/// at Debug each tick that finds its timer not yet due, so a test can wait for ticks rather than for time
/// (<see cref="WaitForTicksAsync"/>).
/// </summary>
public sealed class InactivityFactory : ApiFactory
{
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Inactivity:CheckEvery", "00:00:01");
        builder.UseSetting("Inactivity:LongestWait", "00:00:01");
        builder.UseSetting($"Logging:LogLevel:{typeof(ConversationGrain).FullName}", "Debug");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>
    /// Waits until conversation <paramref name="id"/>'s reminder has ticked twice more, each time finding its timer
    /// not due. Call it after the clock moved: the first of those ticks may have read the clock before, the second
    /// began after the first had ended, so it read the moved clock and still found nothing to do.
    /// </summary>
    public async Task WaitForTicksAsync(string id)
    {
        var target = NotDueTicks(id) + 2;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (NotDueTicks(id) < target)
        {
            Assert.True(DateTime.UtcNow < deadline, $"conversation {id}'s reminder did not tick twice within 30 s");
            await Task.Delay(50);
        }
    }

    private int NotDueTicks(string id) => Logs.Entries.Count(e =>
        e.Category == typeof(ConversationGrain).FullName && e.Text.StartsWith($"Conversation {id} not idle long enough", StringComparison.Ordinal));
}

/// <summary>The system clock plus an offset the test moves forward; timers still run in real time.</summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
