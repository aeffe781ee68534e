using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Storage.Sql;

/// <summary>One append as the store writes it: the conversation after it, its message, the version it moves from, its events.</summary>
public sealed record AppendWrite(Conversation Updated, Message Message, long ExpectedVersion, IReadOnlyList<ConversationEvent> Events);
