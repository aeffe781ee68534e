using System.Text;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Conversations;

/// <summary>
/// The newest messages of one conversation, contiguous up to the latest position, so that the reads clients
/// make most (the latest page, or paging forward from near the end) need no trip to the store. It keeps each message
/// only as the JSON the API answers (<see cref="MessageJson"/>, UTF-8), rendered once when the message enters: listing
/// writes those bytes as they are, and the one-message reads (by id) read the message back from them. One copy per
/// message, not an object with its strings and a rendering beside it (docs/architecture.md, "What an active conversation
/// holds").
/// Positions, not arrival, decide what it holds: a read of the store can already see a message whose commit the grain
/// has not applied yet, so a load keeps only what the grain has applied, an append of a position it holds is a no-op,
/// and one that would leave a gap empties it (it is loaded again on the next listing).
/// </summary>
internal sealed class RecentMessages(int capacity)
{
    // Oldest first; grows as messages come (most conversations hold far fewer than the capacity).
    private readonly List<byte[]> _rendered = [];
    private bool _loaded;

    // The latest position the window stands for (its last message's, or 0 for an empty conversation).
    private long _last;

    public bool IsLoaded => _loaded;

    private long First => _last - _rendered.Count + 1;

    /// <summary>
    /// Replaces the window with the latest messages up to position <paramref name="upTo"/> (what the grain has applied)
    /// from <paramref name="newestFirst"/>, a read of the latest messages in descending order. Stays unloaded if the read
    /// does not end at <paramref name="upTo"/> without a gap.
    /// </summary>
    public void Load(IReadOnlyList<Message> newestFirst, long upTo)
    {
        Forget();
        var held = newestFirst.Where(m => m.Position <= upTo).Take(capacity).Reverse().ToList();
        var contiguous = held.Count == 0
            ? upTo == 0
            : held[^1].Position == upTo && held[^1].Position - held[0].Position == held.Count - 1;
        if (!contiguous)
        {
            return;
        }

        _rendered.AddRange(held.Select(Render));
        _last = upTo;
        _loaded = true;
    }

    /// <summary>The message with this id if the window holds it (a scan of at most the window's capacity).</summary>
    public Message? Find(string id)
    {
        var index = IndexOf(id);
        return index < 0 ? null : MessageJson.Read(_rendered[index], First + index);
    }

    /// <summary>Puts <paramref name="message"/> in the place of the message with its id, if the window holds it.</summary>
    public void Replace(Message message)
    {
        var index = IndexOf(message.Id);
        if (index >= 0)
        {
            _rendered[index] = Render(message);
        }
    }

    public void Forget()
    {
        _rendered.Clear();
        _rendered.Capacity = 0;
        _loaded = false;
        _last = 0;
    }

    /// <summary>Adds the message just appended: the next position; one already held is left as it is.</summary>
    public void Append(Message message)
    {
        if (!_loaded || message.Position <= _last)
        {
            return;
        }

        if (message.Position != _last + 1)
        {
            Forget();
            return;
        }

        _last = message.Position;
        if (_rendered.Count == capacity)
        {
            _rendered.RemoveAt(0);
        }

        _rendered.Add(Render(message));
    }

    /// <summary>
    /// Answers <paramref name="query"/> (with its one-extra look-ahead) when every message it could return is in
    /// the window; <paramref name="messageCount"/> is the conversation's latest position. <paramref name="page"/> holds
    /// each message's JSON in page order, the first at <paramref name="firstPosition"/>.
    /// </summary>
    public bool TryPage(MessageQuery query, long messageCount, out List<byte[]> page, out long firstPosition)
    {
        page = [];
        firstPosition = 0;
        if (!_loaded || _last != messageCount)
        {
            return false;
        }

        // Positions held: first..messageCount (an empty conversation holds none and answers every query).
        var first = First;
        long from, to;
        if (query.Descending)
        {
            from = Math.Min(query.After is { } before ? before - 1 : messageCount, messageCount);
            to = Math.Max(from - query.Limit + 1, 1);
            if (from >= 1 && to < first)
            {
                return false;
            }

            for (var position = from; position >= to; position--)
            {
                page.Add(_rendered[(int)(position - first)]);
            }
        }
        else
        {
            from = Math.Max((query.After ?? 0) + 1, 1);
            to = Math.Min(from + query.Limit - 1, messageCount);
            if (from <= to && from < first)
            {
                return false;
            }

            for (var position = from; position <= to; position++)
            {
                page.Add(_rendered[(int)(position - first)]);
            }
        }

        firstPosition = from;
        return true;
    }

    /// <summary>Each held message's JSON begins with its id (<see cref="MessageJson.Prefix"/>), so a scan compares bytes.</summary>
    private int IndexOf(string id)
    {
        var prefix = Encoding.UTF8.GetBytes(MessageJson.Prefix(id));
        return _rendered.FindIndex(json => json.AsSpan().StartsWith(prefix));
    }

    private static byte[] Render(Message message) => WireValues.RenderUtf8(message, MessageJson.Write);
}
