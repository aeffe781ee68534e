using Microsoft.Extensions.Options;
using Runtype.Hosting;

namespace Runtype.Api.Events;

/// <summary>
/// Whether a feed or stream cursor is older than <c>Events:RetentionDays</c> (the same validated option the silos
/// purge by), so events after it may have been deleted: the API answers 410 rather than a silently gappy page.
/// </summary>
public sealed class CursorExpiry(IOptions<EventsOptions> options)
{
    public TimeSpan Period { get; } = TimeSpan.FromDays(options.Value.RetentionDays);

    /// <summary>Whether events after a cursor made at <paramref name="createdAt"/> may already have been deleted.</summary>
    public bool HasExpired(DateTime createdAt, DateTimeOffset now) => createdAt < now.UtcDateTime - Period;
}
