using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Runtype.Api.Shared;
using Runtype.Grains;

namespace Runtype.Api.Conversations;

/// <summary>A place in the conversation listing: the sort key to continue from, the direction, and the offset it stands at.</summary>
public sealed record ConversationCursor(ConversationSortKey Key, bool Backward, long Offset)
{
    public string Write(CursorCodec codec, CursorScope scope)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return codec.Protect(scope, LengthPrefixed.Encode(
            Backward ? "p" : "n", Key.UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture), Key.Id, Offset.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>False for a cursor this listing did not issue under <paramref name="scope"/>: altered, or minted for other filters.</summary>
    public static bool TryRead(CursorCodec codec, CursorScope scope, string cursor, [NotNullWhen(true)] out ConversationCursor? position)
    {
        ArgumentNullException.ThrowIfNull(codec);
        position = null;
        if (codec.TryUnprotect(scope, cursor, out var payload)
            && LengthPrefixed.TryDecode(payload, 4, out var parts)
            && parts is ["n" or "p", { } ticksText, { } id, { } offsetText]
            && long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            && long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            position = new ConversationCursor(new ConversationSortKey(new DateTime(ticks, DateTimeKind.Utc), id), parts[0] == "p", offset);
        }

        return position is not null;
    }
}
