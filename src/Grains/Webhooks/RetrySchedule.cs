namespace Runtype.Grains.Webhooks;

/// <summary>
/// When a failed delivery is tried again: the first retry after <see cref="WebhooksOptions.FirstRetryDelay"/>, each
/// next one after twice as long, never more than an hour apart, each delay with jitter (a random half to whole of
/// it) so that many endpoints failing together do not retry together.
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1 = the first).</summary>
    public static TimeSpan After(int attempt, TimeSpan first)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(first.Ticks * Math.Pow(2, doublings), Longest.Ticks));
        return delay * (0.5 + (Random.Shared.NextDouble() / 2));
    }
}
