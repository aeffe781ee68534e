namespace Runtype.Grains;

/// <summary>How conversations' inactivity timers run on a silo. Section <c>Inactivity</c>.</summary>
public sealed class InactivityOptions
{
    public const string Section = "Inactivity";

    /// <summary>
    /// The period of each conversation's reminder: a tick that finds the timer not yet due (the conversation changed
    /// since it was set) sets it again, and a tick that could not change the conversation is retried this often.
    /// Orleans takes at least a minute unless this is shorter, which tests use.
    /// </summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest one reminder waits before the grain looks again. Orleans cannot wait longer than about 49 days at
    /// once, so a longer timer (such as <c>P90D</c>) is reached in steps.
    /// </summary>
    public TimeSpan LongestWait { get; set; } = TimeSpan.FromDays(7);
}
