namespace Runtype.Grains;

/// <summary>
/// The two inactivity rules of <c>lifecycle.md</c>: an open conversation with no change for <see cref="CloseAfter"/>
/// closes, a closed one untouched for <see cref="ArchiveAfter"/> is archived. Null: no such rule (on a conversation:
/// the surface's rule applies).
/// </summary>
[GenerateSerializer, Immutable, Alias("Runtype.InactivityTimers")]
public sealed record InactivityTimers([property: Id(0)] TimeSpan? CloseAfter, [property: Id(1)] TimeSpan? ArchiveAfter)
{
    public static readonly InactivityTimers None = new(null, null);

    /// <summary>A conversation's own rules where it has them, its surface's (<paramref name="inherited"/>) otherwise.</summary>
    public static InactivityTimers Effective(ConversationFields fields, InactivityTimers inherited)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(inherited);
        return new InactivityTimers(fields.AutoCloseAfter ?? inherited.CloseAfter, fields.AutoArchiveAfter ?? inherited.ArchiveAfter);
    }
}

/// <summary>What a surface registration says about the timers: each one set (to a value or null) or left as it is.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.InactivityTimersPatch")]
public sealed record InactivityTimersPatch(
    [property: Id(0)] InactivityTimers Values, [property: Id(1)] bool SetsCloseAfter, [property: Id(2)] bool SetsArchiveAfter)
{
    public static readonly InactivityTimersPatch None = new(InactivityTimers.None, false, false);

    public InactivityTimers ApplyTo(InactivityTimers current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new(SetsCloseAfter ? Values.CloseAfter : current.CloseAfter, SetsArchiveAfter ? Values.ArchiveAfter : current.ArchiveAfter);
    }
}
