namespace Runtype.Api.Events;

/// <summary>
/// How long events are kept (<c>Events:RetentionDays</c>, default 7), for the API's 410 on an expired cursor.
/// Reads configuration directly until the hosting library's validated EventsOptions is available here; then this
/// becomes a view of IOptions&lt;EventsOptions&gt;.
/// </summary>
public sealed class EventRetention(IConfiguration configuration)
{
    public const int DefaultDays = 7;

    public TimeSpan Period { get; } = TimeSpan.FromDays(configuration.GetValue("Events:RetentionDays", DefaultDays));

    /// <summary>Whether events after a cursor made at <paramref name="createdAt"/> may already have been deleted.</summary>
    public bool HasExpired(DateTime createdAt, DateTimeOffset now) => createdAt < now.UtcDateTime - Period;
}
