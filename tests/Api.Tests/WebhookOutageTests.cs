using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Webhooks;
using Runtype.Testing;

namespace Runtype.Api.Tests;

/// <summary>
/// A receiver's outage, paced by what the receiver sees rather than by the clock: messages keep coming while it
/// answers 500 and then while it answers nothing within the timeout, and once it recovers every event arrives in
/// order. The host retries quickly (<see cref="QuickRetryWebhookFactory"/>), so the outage lasts seconds.
/// </summary>
public sealed class WebhookOutageTests(QuickRetryWebhookFactory factory) : IClassFixture<QuickRetryWebhookFactory>
{
    private const int Rounds = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_receiver_that_fails_and_times_out_gets_everything_in_order_once_it_recovers_and_the_log_shows_the_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var down = true;
        var hang = false;
        // While it hangs, an answer waits for the outage to end: the sender's timeout cuts every attempt before that.
        var recovered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = (_, _) => hang ? recovered.Task : Task.FromResult(down ? 500 : 200);
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var created = await grains.GetGrain<IWebhooksGrain>("owner-a").Create(new WebhookDraft(receiver.Url.ToString(), [Grains.Events.EventType.MessageCreated], null));
        Assert.NotNull(created);
        var webhook = created.Webhook;
        using var client = factory.ClientFor();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.CreateConversationAsync()).GetProperty("id").GetString()!);
        }

        var wanted = ids.ToHashSet();
        // Messages keep coming through the outage: a round of one message per conversation, each after the receiver
        // has seen one more failed attempt; the first half answered 500, the second half not answered within the timeout
        // (the receiver records those as abandoned by the sender, answer 0).
        for (var m = 0; m < Rounds; m++)
        {
            hang = m >= Rounds / 2;
            var failedBefore = Failed(receiver.Received, wanted, hang);
            foreach (var id in ids)
            {
                await client.CreateMessageAsync(id, $$"""{"content":"m{{m}}","role":"user"}""");
            }

            await receiver.WaitForAsync(r => Failed(r, wanted, hang) > failedBefore, Patience);
        }

        (down, hang) = (false, false);
        recovered.SetResult(200);

        await receiver.WaitForAsync(r => r.Where(w => w.Answered == 200 && wanted.Contains(w.Event.GetProperty("conversationId").GetString()!))
            .Select(w => w.EventId).Distinct().Count() >= ids.Count * Rounds, TimeSpan.FromSeconds(60));
        foreach (var id in ids)
        {
            // At least once: a repeat is allowed, but never an event before an earlier one was delivered.
            var delivered = receiver.Delivered.Where(w => w.Event.GetProperty("conversationId").GetString() == id)
                .Select(w => w.Event.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(2, Rounds).Select(n => (long)n), delivered.Distinct());
            Assert.Equal(delivered.Order(), delivered);
        }

        var log = await grains.GetGrain<IWebhookDeliveryGrain>(GrainKeys.Compose("owner-a", webhook.Id)).Recent(200);
        Assert.Contains(log, d => d.Outcome == DeliveryOutcome.Retrying && d.StatusCode == 500 && d.ResponseBody == "receiver says no");
        Assert.Contains(log, d => d.Outcome == DeliveryOutcome.Retrying && d.StatusCode is null && d.Error == "timed out");
        Assert.Contains(log, d => d.Outcome == DeliveryOutcome.Delivered && d.Attempt > 1);
        Assert.All(log.Where(d => d.Outcome == DeliveryOutcome.Retrying), d => Assert.True(d.NextAttemptAt > d.AttemptedAt));
        await grains.GetGrain<IWebhooksGrain>("owner-a").Delete(webhook.Id);
    }

    /// <summary>The failed attempts at <paramref name="conversations"/>' events: answered 500, or (timed out) abandoned unanswered.</summary>
    private static int Failed(IReadOnlyList<ReceivedWebhook> received, HashSet<string> conversations, bool timedOut) =>
        received.Count(w => w.Answered == (timedOut ? 0 : 500) && conversations.Contains(w.Event.GetProperty("conversationId").GetString()!));
}
