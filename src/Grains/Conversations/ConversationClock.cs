using Runtype.Grains.Wire;

namespace Runtype.Grains.Conversations;

/// <summary>A conversation's timestamps: UTC, whole milliseconds (the wire's precision), never running backwards.</summary>
internal sealed class ConversationClock(TimeProvider time)
{
    public DateTime Now() => Timestamps.ToMilliseconds(time.GetUtcNow().UtcDateTime);

    /// <summary>Now, or <paramref name="floor"/> if the clock reads earlier (clock skew between silos).</summary>
    public DateTime Later(DateTime floor)
    {
        var now = Now();
        return now > floor ? now : floor;
    }
}
