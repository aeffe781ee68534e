namespace Runtype.Grains.Conversations;

/// <summary>
/// What committing appends asks of the grain around it: the conversation's surface (the event of a post that reopens
/// a conversation names it), an inactivity reminder that fires in time for the conversation about to be stored (set
/// before the write), and waking the owner's event readers after a commit.
/// </summary>
internal sealed record AppendHooks(
    Func<ConversationFields, Task<Surface?>> SurfaceOf,
    Func<Conversation, Task> EnsureInactivityReminderAsync,
    Action WakeEventReaders);
