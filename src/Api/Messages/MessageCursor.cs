using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Runtype.Api.Shared;

namespace Runtype.Api.Messages;

/// <summary>A place in a conversation's message listing: the position of the last message already returned.</summary>
public sealed record MessageCursor(long After)
{
    public string Write(CursorCodec codec, CursorScope scope)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return codec.Protect(scope, LengthPrefixed.Encode(After.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>False for a cursor this listing did not issue under <paramref name="scope"/>: altered, or minted for another conversation or order.</summary>
    public static bool TryRead(CursorCodec codec, CursorScope scope, string cursor, [NotNullWhen(true)] out MessageCursor? position)
    {
        ArgumentNullException.ThrowIfNull(codec);
        position = null;
        if (codec.TryUnprotect(scope, cursor, out var payload)
            && LengthPrefixed.TryDecode(payload, 1, out var parts)
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var after))
        {
            position = new MessageCursor(after);
        }

        return position is not null;
    }
}
