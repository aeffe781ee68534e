using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Storage.Sql;

/// <summary>One post as a group commit carries it: the conversation after it, its message, the version it moves from, its events.</summary>
public sealed record AppendWrite(Conversation Updated, Message Message, long ExpectedVersion, IReadOnlyList<ConversationEvent> Events)
{
    /// <summary>
    /// Whether the append also changes the conversation's status (a post reopening a closed conversation records its
    /// conversation.updated): the totals trigger then moves one off one key and onto another (migration 0011).
    /// </summary>
    public bool ChangesStatus => Events.Any(e => e.Type == EventType.ConversationUpdated);
}
