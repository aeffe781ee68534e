using System.Collections.Concurrent;
using System.Text;

namespace Runtype.Bench;

/// <summary>
/// Message ids to dense indexes, shared by the poster (which learns an id from its 201) and the stream readers
/// (which may see the event first), so both record times into plain arrays. Lookups from a stream's bytes do
/// not allocate once the id is known.
/// </summary>
public sealed class MessageIndex
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Lock _gate = new();
    private int _last = -1;

    public MessageIndex(int capacity)
    {
        Capacity = capacity;
        _bySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many messages the arrays indexed by this hold; an index at or past it is ignored.</summary>
    public int Capacity { get; }

    /// <summary>
    /// The id's index, assigned on first sight. Under a lock: GetOrAdd alone may run its factory more than once
    /// for one id when a thousand readers race, and each run would use up an index (1-3 ids per run landed past
    /// the capacity and were counted as failed POSTs before this).
    /// </summary>
    public int Of(string id)
    {
        if (_ids.TryGetValue(id, out var known))
        {
            return known;
        }

        lock (_gate)
        {
            return _ids.GetOrAdd(id, _ => ++_last);
        }
    }

    /// <summary>
    /// The message id in some JSON (a 201's body, an event's data line) without parsing it: the value of the
    /// first <c>"id":"msg_…"</c>; empty if there is none.
    /// </summary>
    public static ReadOnlySpan<byte> IdIn(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf("\"id\":\"msg_"u8);
        if (at < 0)
        {
            return default;
        }

        var id = json[(at + 6)..];
        var close = id.IndexOf((byte)'"');
        return close > 0 ? id[..close] : default;
    }

    /// <summary>The index of an id given as ASCII bytes (from <see cref="IdIn"/>); -1 for none or something too long to be one.</summary>
    public int Of(ReadOnlySpan<byte> ascii)
    {
        if (ascii.IsEmpty || ascii.Length > 64)
        {
            return -1;
        }

        Span<char> id = stackalloc char[ascii.Length];
        Encoding.ASCII.GetChars(ascii, id);
        return _bySpan.TryGetValue(id, out var index) ? index : Of(new string(id));
    }
}
