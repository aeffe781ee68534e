namespace Runtype.Hosting;

/// <summary>The event log. Section <c>Events</c>.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>How many days events are kept; older ones are deleted by each silo's <see cref="EventRetention"/>.</summary>
    public int RetentionDays { get; set; } = 7;
}
