using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Runtype.Grains.Events;
using Runtype.Grains.Webhooks;

namespace Runtype.Grains.Email;

/// <summary>
/// An email surface's SMTP server as a delivery channel (docs/email.md, "Sending"): the round reads the owner's log
/// and hands over each <c>message.created</c> whose message waits to be emailed; the message's conversation says
/// whether it is this surface's and what to answer (<see cref="IConversationGrain.EmailThread"/>). A message no
/// longer pending (sent before a crash kept the cursor back, redacted, deleted) is passed over. Each outcome is
/// written on the message (<see cref="IConversationGrain.RecordDelivery"/>, with its <c>message.delivery_updated</c>).
/// </summary>
internal sealed class EmailChannel(
    IGrainFactory grains, SmtpPool pool, TimeProvider time, ILogger logger, string owner, string surfaceId, Func<EmailSettings?> settings)
    : IDeliveryChannel
{
    /// <summary>What a pending message's JSON carries: only messages to email are read any further.</summary>
    private const string PendingMark = "\"delivery\":{\"status\":\"pending\"";

    private readonly Dictionary<string, EmailThread> _threads = new(StringComparer.Ordinal);

    public bool Sending => settings()?.Smtp is not null;

    public bool Wants(StoredEvent e) =>
        e.Event.Type == EventType.MessageCreated && e.Event.Data.Contains(PendingMark, StringComparison.Ordinal);

    public async Task<SendResult> SendAsync(StoredEvent e, int attempt)
    {
        var started = Stopwatch.GetTimestamp();
        var thread = await ThreadAsync(e);
        if (thread is null || thread.SurfaceId != surfaceId || thread.Message.Delivery is not { Status: DeliveryStatus.Pending }
            || settings()?.Smtp is not { } smtp)
        {
            _threads.Remove(e.Event.Id);
            return new SendResult(false, null, null, null, 0, Skipped: true);
        }

        if (thread.Message.RedactedAt is not null)
        {
            return new SendResult(false, null, "redacted before it was sent", null, 0, Permanent: true);
        }

        if (thread.ParticipantEmail is not { Length: > 0 } to)
        {
            return new SendResult(false, null, "the conversation has no participantEmail to send to", null, 0, Permanent: true);
        }

        try
        {
            var mail = OutboundMail.Compose(smtp.From!, to, thread.ParticipantName, thread.Subject, thread.InReplyTo, references: null,
                thread.Message.ExternalMessageId!, thread.Message.CreatedAt, thread.Message.Content);
            await SendAsync(smtp, mail);
            return new SendResult(true, null, null, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var failure = MailFailureException.Of(ex);
            logger.LogWarning("Sending message {Message} of surface {Surface} failed: {Reason}.", thread.Message.Id, surfaceId, failure.Message);
            return new SendResult(false, null, failure.Message, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Permanent: failure.Permanent);
        }
    }

    /// <summary>One transaction on a pooled connection; one the server closed meanwhile is replaced once.</summary>
    private async Task SendAsync(MailServerSettings smtp, MimeKit.MimeMessage mail)
    {
        var (client, reused) = await pool.TakeAsync(smtp);
        try
        {
            await client.SendAsync(mail);
        }
        catch (Exception ex) when (reused && ex is MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpProtocolException or IOException)
        {
            client.Dispose();
            (client, _) = await pool.TakeAsync(smtp);
            await SendOnceAsync(client, mail);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        pool.Return(smtp, client);
    }

    private static async Task SendOnceAsync(MailKit.Net.Smtp.SmtpClient client, MimeKit.MimeMessage mail)
    {
        try
        {
            await client.SendAsync(mail);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task RecordAsync(StoredEvent e, int attempt, SendResult result, DeliveryOutcome outcome, DateTime? next, bool redelivery)
    {
        if (!_threads.Remove(e.Event.Id, out var thread))
        {
            return;
        }

        var delivery = outcome switch
        {
            DeliveryOutcome.Delivered => new MessageDelivery { Status = DeliveryStatus.Sent, Attempts = attempt, SentAt = time.GetUtcNow().UtcDateTime },
            DeliveryOutcome.Failed => new MessageDelivery { Status = DeliveryStatus.Failed, Attempts = attempt, LastError = result.Error },
            _ => new MessageDelivery { Status = DeliveryStatus.Pending, Attempts = attempt, LastError = result.Error },
        };
        Telemetry.RuntypeMetrics.EmailsSent.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
        await grains.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, e.Event.ConversationId)).RecordDelivery(thread.Message.Id, delivery);
    }

    private async Task<EmailThread?> ThreadAsync(StoredEvent e)
    {
        using var data = JsonDocument.Parse(e.Event.Data);
        if (!data.RootElement.TryGetProperty("id", out var id) || id.GetString() is not { } messageId)
        {
            return null;
        }

        var thread = await grains.GetGrain<IConversationGrain>(GrainKeys.Compose(owner, e.Event.ConversationId)).EmailThread(messageId);
        if (thread is not null)
        {
            _threads[e.Event.Id] = thread;
        }

        return thread;
    }
}
