using System.Collections.Concurrent;

namespace Runtype.Testing.History;

/// <summary>
/// What the clients of one owner share while they run: the conversations they write to, the message ids they have
/// seen (acknowledged or read back) and the externalMessageIds acknowledged, so one client can redact, read or
/// re-deliver what another wrote. Only choices come from here; the checker reads the history, never this.
/// </summary>
public sealed class HistoryWorld(HistoryOwner owner)
{
    private readonly Lock _gate = new();
    private readonly List<string> _conversations = [];
    private readonly ConcurrentDictionary<string, List<string>> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<string>> _externalIds = new(StringComparer.Ordinal);
    private int _created;

    public HistoryOwner Owner { get; } = owner;

    public IReadOnlyList<string> Conversations
    {
        get
        {
            lock (_gate)
            {
                return [.. _conversations];
            }
        }
    }

    public void AddConversation(string id)
    {
        lock (_gate)
        {
            if (!_conversations.Contains(id))
            {
                _conversations.Add(id);
            }
        }
    }

    /// <summary>Takes one of the <paramref name="limit"/> new conversations the clients may create, if any is left.</summary>
    public bool TryTakeCreation(int limit) => Interlocked.Increment(ref _created) <= limit;

    public string PickConversation(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        lock (_gate)
        {
            return _conversations[random.Next(_conversations.Count)];
        }
    }

    public void LearnMessage(string conversationId, string messageId)
    {
        var list = _messages.GetOrAdd(conversationId, _ => []);
        lock (list)
        {
            if (list.Count < 5000 && !list.Contains(messageId))
            {
                list.Add(messageId);
            }
        }
    }

    public string? PickMessage(string conversationId, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!_messages.TryGetValue(conversationId, out var list))
        {
            return null;
        }

        lock (list)
        {
            return list.Count == 0 ? null : list[random.Next(list.Count)];
        }
    }

    public void LearnExternalId(string conversationId, string externalId)
    {
        var list = _externalIds.GetOrAdd(conversationId, _ => []);
        lock (list)
        {
            list.Add(externalId);
        }
    }

    public string? PickExternalId(string conversationId, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!_externalIds.TryGetValue(conversationId, out var list))
        {
            return null;
        }

        lock (list)
        {
            return list.Count == 0 ? null : list[random.Next(list.Count)];
        }
    }
}
