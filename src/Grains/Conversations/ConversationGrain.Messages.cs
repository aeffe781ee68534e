using System.Diagnostics;
using Runtype.Grains.Storage;
using Runtype.Grains.Telemetry;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Conversations;

/// <summary>A conversation's messages: appends (batched by <see cref="AppendQueue"/>), reads, redaction and delivery.</summary>
public sealed partial class ConversationGrain
{
    async Task<MessageResult> IConversationGrain.AddMessage(NewMessage message)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await _appends.AppendAsync(await ForEmailAsync(message));
        WakeEmailSender(result);
        if (result.Outcome == MessageOutcome.Created)
        {
            RuntypeMetrics.MessagesAppended.Add(1);
            RuntypeMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        else if (result.Outcome is MessageOutcome.Duplicate or MessageOutcome.CreatedByEarlierAttempt)
        {
            RuntypeMetrics.DuplicateMessages.Add(1);
        }

        return result;
    }

    async Task<Message?> IConversationGrain.GetMessage(string messageId)
    {
        await ReloadIfUncertainBeforeReadAsync();
        if (_conversation.Current is null)
        {
            return null;
        }

        // The store may already hold a message whose commit is not applied (acknowledged) yet: not shown before it is.
        var message = _recent.Find(messageId) ?? await store.FindMessageAsync(_owner, _id, messageId);
        return message is not null && message.Position <= (_conversation.Current?.MessageCount ?? 0) ? message : null;
    }

    async Task<MessagePage> IConversationGrain.ListMessages(MessageQuery query)
    {
        await ReloadIfUncertainBeforeReadAsync();
        if (_conversation.Current is not { } current)
        {
            return MessagePage.NotFound;
        }

        // One more than asked tells whether another page exists.
        var lookAhead = query with { Limit = query.Limit + 1 };
        if (!_recent.IsLoaded)
        {
            // Appends may commit while this reads (they interleave): a window read before one of them is not kept.
            var newest = await store.ReadMessagesAsync(_owner, _id, new MessageQuery(RecentWindow, Descending: true));
            if (!_recent.IsLoaded && _conversation.Current?.MessageCount == current.MessageCount)
            {
                _recent.Load(newest, current.MessageCount);
            }
        }

        if (_recent.TryPage(lookAhead, current.MessageCount, out var held, out var first))
        {
            var more = held.Count > query.Limit;
            return new MessagePage(true, more ? held[..query.Limit] : held, current.MessageCount, more, first, query.Descending);
        }

        // Only what this activation has applied: a commit in flight may already be in the store.
        var committed = current.MessageCount;
        var bounded = query.Descending ? lookAhead with { After = Math.Min(lookAhead.After ?? long.MaxValue, committed + 1) } : lookAhead;
        var messages = (await store.ReadMessagesAsync(_owner, _id, bounded)).Where(m => m.Position <= committed).ToList();
        var hasMore = messages.Count > query.Limit;
        var items = messages.Take(query.Limit).Select(m => WireValues.RenderUtf8(m, MessageJson.Write)).ToList();
        return new MessagePage(true, items, current.MessageCount, hasMore, messages.Count > 0 ? messages[0].Position : 0, query.Descending);
    }

    /// <summary>
    /// Redaction: a message's content and metadata are erased in the store (the message row and the events recorded for
    /// it), in this activation's window, and the change is one more version of the conversation with its
    /// <c>message.redacted</c> event. Allowed on archived conversations: privacy wins over read-only.
    /// </summary>
    async Task<MessageResult> IConversationGrain.RedactMessage(string messageId)
    {
        using var exclusive = await _appends.ExclusiveAsync();
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

    /// <summary>
    /// A message's delivery (its emailing) as the sender learns it: written with its <c>message.delivery_updated</c> event as
    /// one more version of the conversation, like a redaction, and put in this activation's window. <c>updatedAt</c> stays:
    /// the conversation did not change for its clients, and a mail retried for hours must not keep it at the top of
    /// listings or hold its inactivity timer off. A delivery the message already has is not written again.
    /// </summary>
    async Task<MessageResult> IConversationGrain.RecordDelivery(string messageId, MessageDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var stored = DeliveryValues.Stored(delivery);
        using var exclusive = await _appends.ExclusiveAsync();
        await _conversation.ReloadIfUncertainAsync();
        for (var attempt = 1; ; attempt++)
        {
            if (_conversation.Current is not { } current
                || (_recent.Find(messageId) ?? await store.FindMessageAsync(_owner, _id, messageId)) is not { } message)
            {
                return MessageResult.NotFound;
            }

            if (message.Delivery == stored)
            {
                return new MessageResult(MessageOutcome.DeliveryRecorded, message);
            }

            var updated = current with { Version = current.Version + 1 };
            var delivered = message with { Delivery = stored };
            var change = _events.MessageDeliveryUpdated(delivered, _clock.Now(), updated.Version);
            var result = await _conversation.WriteAsync(() => store.RecordDeliveryAsync(updated, delivered, current.Version, [change]));
            if (result.Outcome == StoreOutcome.Done)
            {
                _conversation.Current = updated;
                _recent.Replace(delivered);
                WakeEventReaders();
                return new MessageResult(MessageOutcome.DeliveryRecorded, delivered);
            }

            await _conversation.ReloadOrGiveUpAsync(attempt);
        }
    }
}
