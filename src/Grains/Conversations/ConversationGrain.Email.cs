using Runtype.Grains.Email;

namespace Runtype.Grains.Conversations;

/// <summary>A conversation's part in email surfaces (docs/email.md, "Sending"): which messages are emailed, and what their mail answers.</summary>
public sealed partial class ConversationGrain
{
    /// <summary>How far back the latest inbound mail is looked for: a reply answers a recent mail, not one of years of history.</summary>
    private const int InReplyToSearch = 200;

    /// <summary>
    /// An outbound message on a surface that sends mail is emailed: it is marked pending, and gets its Message-ID now
    /// (its <c>externalMessageId</c>, unless the client gave one), so the 201 shows it, replies thread to it, and a
    /// send repeated after a crash carries the same id. Posts of other messages are not delayed by a look at the surface.
    /// </summary>
    private async Task<NewMessage> ForEmailAsync(NewMessage message)
    {
        if ((message.Direction ?? MessageAppend.DefaultDirection(message.Role)) != MessageDirection.Outbound || message.Delivery is not null)
        {
            return message;
        }

        await ReloadIfUncertainBeforeReadAsync();
        if (_conversation.Current is not { } current || (await SurfaceOf(current.Fields))?.Email?.Smtp is not { From: { } from })
        {
            return message;
        }

        var id = message.Id ?? Identifiers.NewMessageId();
        return message with
        {
            Id = id,
            ExternalMessageId = message.ExternalMessageId ?? OutboundMail.MessageIdFor(id, from),
            Delivery = new MessageDelivery { Status = DeliveryStatus.Pending },
        };
    }

    /// <summary>After a pending message's commit, its surface's sender looks at once (the reminder would, later).</summary>
    private void WakeEmailSender(MessageResult result)
    {
        if (result.Outcome == MessageOutcome.Created && result.Message?.Delivery is { Status: DeliveryStatus.Pending } && _conversation.Current is { } current)
        {
            GrainFactory.GetGrain<IEmailSurfaceGrain>(GrainKeys.Compose(_owner, current.Fields.SurfaceId)).Wake().Ignore();
        }
    }

    async Task<EmailThread?> IConversationGrain.EmailThread(string messageId)
    {
        await ReloadIfUncertainBeforeReadAsync();
        if (_conversation.Current is not { } current
            || (_recent.Find(messageId) ?? await store.FindMessageAsync(_owner, _id, messageId)) is not { } message
            || message.Position > current.MessageCount)
        {
            return null;
        }

        var earlier = message.Position > 1
            ? await store.ReadMessagesAsync(_owner, _id, new MessageQuery(InReplyToSearch, Descending: true, After: message.Position))
            : [];
        return new EmailThread
        {
            Message = message,
            SurfaceId = current.Fields.SurfaceId,
            Subject = current.Fields.Subject,
            ParticipantEmail = current.Fields.ParticipantEmail,
            ParticipantName = current.Fields.ParticipantName,
            InReplyTo = earlier.FirstOrDefault(m => m.Direction == MessageDirection.Inbound && m.ExternalMessageId is not null)?.ExternalMessageId,
        };
    }
}
