using Runtype.Grains.Storage;

namespace Runtype.Grains.Conversations;

/// <summary>
/// Redaction: a message's content and metadata are erased in the store (the message row and the events recorded for
/// it), in this activation's window, and the change is one more version of the conversation with its
/// <c>message.redacted</c> event. Allowed on archived conversations: privacy wins over read-only.
/// </summary>
public sealed partial class ConversationGrain
{
    async Task<MessageResult> IConversationGrain.RedactMessage(string messageId)
    {
        using var held = await _gate.EnterAsync();
        await _conversation.ReloadIfUncertainAsync();
        for (var attempt = 1; ; attempt++)
        {
            if (_conversation.Current is not { } current)
            {
                return MessageResult.NotFound;
            }

            if ((_recent.Find(messageId) ?? await store.FindMessageAsync(_owner, _id, messageId)) is not { } message)
            {
                return MessageResult.NotFound;
            }

            if (message.RedactedAt is not null)
            {
                // Nothing left to erase: the same answer, and no second event.
                return new MessageResult(MessageOutcome.AlreadyRedacted, message);
            }

            // Like an update: a new version, ETag and updatedAt; the message keeps its place and creation time.
            var updated = current with { UpdatedAt = _clock.Later(current.UpdatedAt), Version = current.Version + 1 };
            var redacted = message with { Content = "", Metadata = "{}", RedactedAt = updated.UpdatedAt };
            var redaction = _events.MessageRedacted(redacted, updated.Version);
            var result = await _conversation.WriteAsync(() => store.RedactAsync(updated, redacted, current.Version, [redaction]));
            if (result.Outcome == StoreOutcome.Done)
            {
                _conversation.Current = updated;
                _recent.Replace(redacted);
                WakeEventReaders();
                return new MessageResult(MessageOutcome.Redacted, redacted);
            }

            await _conversation.ReloadOrGiveUpAsync(attempt);
        }
    }
}
