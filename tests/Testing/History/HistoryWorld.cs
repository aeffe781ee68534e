using System.Collections.Concurrent;

namespace Runtype.Testing.History;

/// <summary>
/// What the clients of one owner share while they run: the conversations they write to, the message ids they have
/// seen (acknowledged or read back) and the externalMessageIds acknowledged, so one client can redact, read or
/// re-deliver what another wrote. Only choices come from here; the checker reads the history, never this.
/// </summary>
public sealed class HistoryWorld(HistoryOwner owner, HistoryMailbox? mailbox = null)
{
    private readonly Lock _gate = new();
    private readonly List<string> _conversations = [];
    private readonly ConcurrentDictionary<string, List<string>> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<string>> _externalIds = new(StringComparer.Ordinal);
    private readonly List<SentMail> _mails = [];
    private readonly List<string> _outboundIds = [];
    private readonly HashSet<string> _emailConversations = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private double _emailedPostTokens = EmailedPostsPerSecond;
    private TimeSpan _tokensAt;
    private int _created;

    /// <summary>
    /// How many posts a second the owner's clients send to conversations on the email surface (a burst of as many at
    /// once). Each conversation's mail goes out one after another, each mail on its own SMTP connection, which the
    /// test's Exim (4.96) closes 200 ms after QUIT: about five mails a second per conversation. Faster than that, the
    /// mail would still be going out long after the load; at this pace it keeps up, and the settle is short.
    /// </summary>
    public const double EmailedPostsPerSecond = 3;

    public HistoryOwner Owner { get; } = owner;

    /// <summary>The owner's email surface, in a history with email.</summary>
    public HistoryMailbox? Mailbox { get; } = mailbox;

    /// <summary>The conversations created on the email surface (where posts are emailed).</summary>
    public IReadOnlyList<string> EmailConversations
    {
        get
        {
            lock (_gate)
            {
                return [.. _emailConversations];
            }
        }
    }

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

    public void AddConversation(string id, bool onEmailSurface = false)
    {
        lock (_gate)
        {
            if (!_conversations.Contains(id))
            {
                _conversations.Add(id);
            }

            if (onEmailSurface)
            {
                _emailConversations.Add(id);
            }
        }
    }

    /// <summary>A mail that is in the surface's mailbox now: later mails may reply to it or repeat it.</summary>
    public void LearnMail(SentMail mail)
    {
        lock (_gate)
        {
            _mails.Add(mail);
        }
    }

    /// <param name="answeringOutbound">Only a mail that answers one of the service's mails (it joined a client's conversation).</param>
    public SentMail? PickMail(Random random, bool answeringOutbound = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        lock (_gate)
        {
            var mails = answeringOutbound ? _mails.Where(m => m.InReplyTo is { } parent && _outboundIds.Contains(parent)).ToList() : _mails;
            return mails.Count == 0 ? null : mails[random.Next(mails.Count)];
        }
    }

    /// <summary>The Message-ID (without brackets) of an outbound message that is being emailed: a mail may answer it.</summary>
    public void LearnOutboundId(string messageId)
    {
        lock (_gate)
        {
            _outboundIds.Add(messageId);
        }
    }

    public string? PickOutboundId(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        lock (_gate)
        {
            return _outboundIds.Count == 0 ? null : _outboundIds[random.Next(_outboundIds.Count)];
        }
    }

    /// <summary>Takes one of the <paramref name="limit"/> new conversations the clients may create, if any is left.</summary>
    public bool TryTakeCreation(int limit) => Interlocked.Increment(ref _created) <= limit;

    /// <summary>
    /// A conversation for a post: any, but one on the email surface only while the owner's posts there keep to
    /// <see cref="EmailedPostsPerSecond"/> (otherwise another conversation, if there is one).
    /// </summary>
    public string PickConversationToPost(Random random)
    {
        var conversation = PickConversation(random);
        lock (_gate)
        {
            if (!_emailConversations.Contains(conversation))
            {
                return conversation;
            }

            var now = _clock.Elapsed;
            _emailedPostTokens = Math.Min(EmailedPostsPerSecond, _emailedPostTokens + ((now - _tokensAt).TotalSeconds * EmailedPostsPerSecond));
            _tokensAt = now;
            if (_emailedPostTokens >= 1)
            {
                _emailedPostTokens--;
                return conversation;
            }

            var others = _conversations.Where(c => !_emailConversations.Contains(c)).ToList();
            return others.Count == 0 ? conversation : others[random.Next(others.Count)];
        }
    }

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
