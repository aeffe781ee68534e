using Orleans.Concurrency;

namespace Runtype.Grains;

/// <summary>
/// One conversation, keyed by <see cref="GrainKeys.Compose"/>(owner, conversation id). It is the single
/// writer of its conversation: it orders messages, dedupes them and enforces the status rules. An owner can
/// only ever reach its own conversations, because the owner is part of the key.
/// </summary>
[Alias("Runtype.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<ConversationResult> Create(ConversationFields fields);

    [Alias("Get"), ReadOnly]
    Task<ConversationResult> Get();

    /// <param name="expectedVersion">When set, the update only applies to this version (HTTP If-Match).</param>
    [Alias("Update")]
    Task<ConversationResult> Update(ConversationPatch patch, long? expectedVersion);

    [Alias("Delete")]
    Task<ConversationResult> Delete(long? expectedVersion);

    [Alias("AddMessage")]
    Task<MessageResult> AddMessage(NewMessage message);

    [Alias("ListMessages"), ReadOnly]
    Task<MessagePage> ListMessages(MessageQuery query);
}
