using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Runtype.Api.Shared;
using Runtype.Grains.Events;

namespace Runtype.Api.Events;

/// <summary>
/// A place in an owner's event feed: the position to continue after, and the creation time of the event there
/// (or the time the reader was last found caught up), which tells whether retention may have deleted what follows.
/// The same cursor is a page's <c>nextCursor</c> and a stream event's <c>id:</c>.
/// </summary>
public sealed record EventCursor(EventPosition Position, DateTime CreatedAt)
{
    /// <summary>The scope every event cursor is signed under: owner and the two filters, so none works for another.</summary>
    public static CursorScope ScopeFor(string owner, string? conversationId, string? types) =>
        CursorScope.For("events").With("owner", owner).With("conversationId", conversationId).With("types", types);

    public string Write(CursorCodec codec, CursorScope scope)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return codec.Protect(scope, LengthPrefixed.Encode(
            Position.Major.ToString(CultureInfo.InvariantCulture), Position.Minor.ToString(CultureInfo.InvariantCulture),
            CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>False for a cursor the feed did not issue under <paramref name="scope"/>: altered, another owner's, or other filters'.</summary>
    public static bool TryRead(CursorCodec codec, CursorScope scope, string cursor, [NotNullWhen(true)] out EventCursor? position)
    {
        ArgumentNullException.ThrowIfNull(codec);
        position = null;
        if (codec.TryUnprotect(scope, cursor, out var payload)
            && LengthPrefixed.TryDecode(payload, 3, out var parts)
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks)
        {
            position = new EventCursor(new EventPosition(major, minor), new DateTime(ticks, DateTimeKind.Utc));
        }

        return position is not null;
    }
}
