using Orleans.Concurrency;

namespace Runtype.Grains;

/// <summary>
/// One conversation, keyed by <see cref="GrainKeys.Compose"/>(owner, conversation id). It is the single
/// writer of its conversation: it orders messages, dedupes them and enforces the status rules. An owner can
/// only ever reach its own conversations, because the owner is part of the key.
/// </summary>
/// <remarks>
/// Writes run one at a time, each to completion (store write included), in the order the activation receives them,
/// except appends: <see cref="AddMessage"/> interleaves so that messages arriving while a commit is in flight are
/// accepted in order and committed together in the next one; other writes wait for the accepted appends first. Reads are <see cref="ReadOnlyAttribute"/> and may interleave with other reads,
/// never with a write, so a read sees every write the activation has acknowledged. A store that cannot be reached
/// surfaces as <see cref="StorageUnavailableException"/>; after a write whose outcome is unknown the grain re-reads
/// the conversation before it answers the next call.
/// </remarks>
[Alias("Runtype.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the conversation this grain is keyed by. <see cref="ConversationOutcome.AlreadyExists"/> carries
    /// the existing conversation (for a reserved id, the one an earlier attempt of the same request created).
    /// </summary>
    /// <param name="fields">The conversation's fields; it starts at version 1 with no messages.</param>
    /// <returns>
    /// <see cref="ConversationOutcome.Created"/> with the conversation and its registered surface;
    /// <see cref="ConversationOutcome.AlreadyExists"/>; or <see cref="ConversationOutcome.ThreadTaken"/> naming the
    /// owner's conversation that already holds this surface and external thread.
    /// </returns>
    [Alias("Create")]
    Task<ConversationResult> Create(ConversationFields fields);

    /// <summary>Reads the conversation.</summary>
    /// <returns>
    /// <see cref="ConversationOutcome.Ok"/> with the conversation and its registered surface, or
    /// <see cref="ConversationResult.NotFound"/>.
    /// </returns>
    [Alias("Get"), ReadOnly]
    Task<ConversationResult> Get();

    /// <summary>Applies <paramref name="patch"/> and bumps the version by one.</summary>
    /// <param name="patch">The fields to change; the others keep their values.</param>
    /// <param name="acceptedVersions">
    /// When set, the update applies only if the current version is one of these (HTTP If-Match); an empty
    /// array never matches.
    /// </param>
    /// <returns>
    /// <see cref="ConversationOutcome.Ok"/> with the updated conversation; <see cref="ConversationOutcome.NotFound"/>;
    /// <see cref="ConversationOutcome.VersionMismatch"/> with the current conversation, unchanged; or
    /// <see cref="ConversationOutcome.ThreadTaken"/> when the new surface and external thread belong to another
    /// conversation.
    /// </returns>
    [Alias("Update")]
    Task<ConversationResult> Update(ConversationPatch patch, long[]? acceptedVersions);

    /// <summary>Deletes the conversation with its messages, and frees its external thread for another conversation.</summary>
    /// <param name="acceptedVersions">As for <see cref="Update"/>.</param>
    /// <returns>
    /// <see cref="ConversationOutcome.Ok"/> with the conversation as it was; <see cref="ConversationOutcome.NotFound"/>;
    /// or <see cref="ConversationOutcome.VersionMismatch"/> with the current conversation, not deleted.
    /// </returns>
    [Alias("Delete")]
    Task<ConversationResult> Delete(long[]? acceptedVersions);

    /// <summary>
    /// Appends a message at the next position, with a creation time never earlier than the previous message's, and
    /// reopens a closed conversation. Appends are totally ordered: positions follow the order the grain accepts them.
    /// </summary>
    /// <param name="message">The message; its <see cref="NewMessage.Id"/>, when set, is the id reserved for the request.</param>
    /// <returns>
    /// <see cref="MessageOutcome.Created"/> with the stored message; <see cref="MessageOutcome.CreatedByEarlierAttempt"/> with the
    /// message an earlier attempt of the same request created; <see cref="MessageOutcome.Duplicate"/> with the message
    /// that already has this external message id; <see cref="MessageOutcome.Archived"/>; or
    /// <see cref="MessageResult.NotFound"/>.
    /// </returns>
    [Alias("AddMessage"), AlwaysInterleave]
    Task<MessageResult> AddMessage(NewMessage message);

    /// <summary>
    /// Imports a batch of earlier messages with their own creation times, after the existing messages, as one change
    /// (one version, one <c>messages.imported</c> event) or not at all. A message whose external id the conversation or
    /// the batch already holds is skipped. Does not reopen a closed conversation.
    /// </summary>
    /// <param name="messages">The batch in order; creation times never decrease along it (the API checks that).</param>
    /// <returns>
    /// <see cref="ImportOutcome.Imported"/> with the counts (for a retry under reserved ids whose first attempt
    /// committed, what that attempt imported); <see cref="ImportOutcome.CreatedAtRefused"/>;
    /// <see cref="ImportOutcome.Archived"/>; or <see cref="ImportOutcome.NotFound"/>.
    /// </returns>
    [Alias("ImportMessages")]
    Task<MessageImportResult> ImportMessages(IReadOnlyList<HistoricMessage> messages);

    /// <summary>One message by id, or null when the conversation or the message does not exist.</summary>
    /// <param name="messageId">The message's id.</param>
    /// <returns>The message, or null.</returns>
    [Alias("GetMessage"), ReadOnly]
    Task<Message?> GetMessage(string messageId);

    /// <summary>One page of the conversation's messages in position order, ascending or descending.</summary>
    /// <param name="query">The page size, direction and exclusive position bound.</param>
    /// <returns>
    /// The page, with the conversation's message count and whether another page follows in the query's direction;
    /// <see cref="MessagePage.NotFound"/> when the conversation does not exist.
    /// </returns>
    [Alias("ListMessages"), ReadOnly]
    Task<MessagePage> ListMessages(MessageQuery query);

    /// <summary>
    /// The conversation's surface changed its inactivity timers (<see cref="Surface.Timers"/>): the conversation's own
    /// timer is set again when it inherits them. Sent by the surface to each of its open and closed conversations.
    /// </summary>
    /// <param name="surface">The surface as now stored.</param>
    [Alias("InactivityChanged")]
    Task InactivityChanged(Surface surface);

    /// <summary>
    /// Erases one message's content and metadata everywhere the store keeps them (the message and the events
    /// recorded for it) and records <c>message.redacted</c>. Its id, position, role, direction, external ids and
    /// creation time stay. A change of the conversation (version + 1), allowed on archived conversations too.
    /// </summary>
    /// <param name="messageId">The message's id.</param>
    /// <returns>
    /// <see cref="MessageOutcome.Redacted"/> with the redacted message; <see cref="MessageOutcome.AlreadyRedacted"/>
    /// with it as stored, nothing written; or <see cref="MessageResult.NotFound"/> (no such conversation or message).
    /// </returns>
    /// <summary>
    /// What emailing the message <paramref name="messageId"/> needs: the message as stored, the conversation's surface,
    /// subject and participant, and the Message-ID of the latest inbound mail before it. Null when either is gone.
    /// </summary>
    [Alias("EmailThread"), ReadOnly]
    Task<Email.EmailThread?> EmailThread(string messageId);

    [Alias("RedactMessage")]
    Task<MessageResult> RedactMessage(string messageId);

    /// <summary>
    /// Sets one message's <see cref="Message.Delivery"/> (its <see cref="MessageDelivery.LastError"/> cut to
    /// <see cref="FieldLimits.DeliveryError"/> characters) and records <c>message.delivery_updated</c> with the message as
    /// it now reads. A change of the conversation (version + 1, not <c>updatedAt</c>: it is the server's bookkeeping, so it
    /// neither reorders listings nor restarts inactivity timers), allowed whatever the conversation's status: a mail sent
    /// before an archiving still has an outcome. Runs after the appends already accepted, like every write but appends.
    /// </summary>
    /// <param name="messageId">The message's id.</param>
    /// <param name="delivery">The delivery as it now stands.</param>
    /// <returns>
    /// <see cref="MessageOutcome.DeliveryRecorded"/> with the message as it now reads (when it already had this delivery,
    /// nothing is written: no second event); or <see cref="MessageResult.NotFound"/> (no such conversation or message).
    /// </returns>
    [Alias("RecordDelivery")]
    Task<MessageResult> RecordDelivery(string messageId, MessageDelivery delivery);
}
