using Runtype.Grains.Wire;

namespace Runtype.Grains;

/// <summary>
/// The newest messages of one conversation, contiguous up to the latest position, so that the reads clients
/// make most (the latest page, or paging forward from near the end) need no trip to the store. Each message's JSON
/// (<see cref="MessageJson"/>) is rendered the first time a page carries it and kept with it, so listing a busy
/// conversation again and again writes bytes rather than rendering them.
/// Positions, not arrival, decide what it holds: a read of the store can already see a message whose commit the grain
/// has not applied yet, so a load keeps only what the grain has applied, an append of a position it holds is a no-op,
/// and one that would leave a gap empties it (it is loaded again on the next listing).
/// </summary>
internal sealed class RecentMessages(int capacity)
{
    private readonly List<Message> _messages = new(capacity);
    private readonly List<byte[]?> _rendered = new(capacity);
    private bool _loaded;

    // The latest position the window stands for (its last message's, or 0 for an empty conversation).
    private long _last;

    public bool IsLoaded => _loaded;

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

        foreach (var message in held)
        {
            _messages.Add(message);
            _rendered.Add(null);
        }

        _last = upTo;
        _loaded = true;
    }

    /// <summary>The message with this id if the window holds it (a linear scan of at most the window's capacity).</summary>
    public Message? Find(string id) => _messages.Find(m => m.Id == id);

    /// <summary>Puts <paramref name="message"/> in the place of the message with its id, if the window holds it.</summary>
    public void Replace(Message message)
    {
        var index = _messages.FindIndex(m => m.Id == message.Id);
        if (index >= 0)
        {
            _messages[index] = message;
            _rendered[index] = null;
        }
    }

    public void Forget()
    {
        _messages.Clear();
        _rendered.Clear();
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
        if (_messages.Count == capacity)
        {
            _messages.RemoveAt(0);
            _rendered.RemoveAt(0);
        }

        _messages.Add(message);
        _rendered.Add(null);
    }

    /// <summary>
    /// Answers <paramref name="query"/> (with its one-extra look-ahead) when every message it could return is in
    /// the window; <paramref name="messageCount"/> is the conversation's latest position. <paramref name="rendered"/> holds
    /// each message's JSON, in page order.
    /// </summary>
    public bool TryPage(MessageQuery query, long messageCount, out List<Message> page, out List<byte[]> rendered)
    {
        page = [];
        rendered = [];
        if (!_loaded || _last != messageCount)
        {
            return false;
        }

        // Positions held: first..messageCount (an empty conversation holds none and answers every query).
        var first = messageCount - _messages.Count + 1;
        if (query.Descending)
        {
            var from = Math.Min(query.After is { } before ? before - 1 : messageCount, messageCount);
            var to = Math.Max(from - query.Limit + 1, 1);
            if (from >= 1 && to < first)
            {
                return false;
            }

            for (var position = from; position >= to; position--)
            {
                Add((int)(position - first), page, rendered);
            }
        }
        else
        {
            var from = Math.Max((query.After ?? 0) + 1, 1);
            var to = Math.Min(from + query.Limit - 1, messageCount);
            if (from <= to && from < first)
            {
                return false;
            }

            for (var position = from; position <= to; position++)
            {
                Add((int)(position - first), page, rendered);
            }
        }

        return true;
    }

    private void Add(int index, List<Message> page, List<byte[]> rendered)
    {
        page.Add(_messages[index]);
        rendered.Add(_rendered[index] ??= WireValues.RenderUtf8(_messages[index], MessageJson.Write));
    }
}
