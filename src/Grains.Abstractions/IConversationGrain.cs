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
    /// <summary>
    /// Creates the conversation this grain is keyed by. <see cref="ConversationOutcome.AlreadyExists"/> carries
    /// the existing conversation (for a reserved id, the one an earlier attempt of the same request created).
    /// </summary>
    [Alias("Create")]
    Task<ConversationResult> Create(ConversationFields fields);

    [Alias("Get"), ReadOnly]
    Task<ConversationResult> Get();

    /// <param name="acceptedVersions">
    /// When set, the update applies only if the current version is one of these (HTTP If-Match); an empty
    /// array never matches.
    /// </param>
    [Alias("Update")]
    Task<ConversationResult> Update(ConversationPatch patch, long[]? acceptedVersions);

    /// <param name="acceptedVersions">As for <see cref="Update"/>.</param>
    [Alias("Delete")]
    Task<ConversationResult> Delete(long[]? acceptedVersions);

    [Alias("AddMessage")]
    Task<MessageResult> AddMessage(NewMessage message);

    /// <summary>One message by id, or null when the conversation or the message does not exist.</summary>
    [Alias("GetMessage"), ReadOnly]
    Task<Message?> GetMessage(string messageId);

    [Alias("ListMessages"), ReadOnly]
    Task<MessagePage> ListMessages(MessageQuery query);
}
