using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Runtype.Api.Shared;
using Runtype.Grains.Search;

namespace Runtype.Api.Search;

/// <summary>A place in a search's order: the <c>createdAt</c> and id of the last message already returned.</summary>
public static class SearchCursor
{
    public static string Write(CursorCodec codec, CursorScope scope, MessageSearchKey key)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return codec.Protect(scope, LengthPrefixed.Encode(key.CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture), key.Id));
    }

    /// <summary>False for a cursor this search did not issue under <paramref name="scope"/>: altered, or minted for another query, filters or owner.</summary>
    public static bool TryRead(CursorCodec codec, CursorScope scope, string cursor, [NotNullWhen(true)] out MessageSearchKey? key)
    {
        ArgumentNullException.ThrowIfNull(codec);
        key = null;
        if (codec.TryUnprotect(scope, cursor, out var payload)
            && LengthPrefixed.TryDecode(payload, 2, out var parts)
            && parts is [{ } ticksText, { } id]
            && long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks)
        {
            key = new MessageSearchKey(new DateTime(ticks, DateTimeKind.Utc), id);
        }

        return key is not null;
    }
}
