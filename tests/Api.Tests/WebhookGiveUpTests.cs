using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Telemetry;
using Runtype.Grains.Webhooks;
using Runtype.Testing;

namespace Runtype.Api.Tests;

public sealed class WebhookGiveUpTests(ShortRetryWebhookFactory factory) : IClassFixture<ShortRetryWebhookFactory>
{
    [Fact]
    public async Task An_event_refused_past_RetryFor_is_marked_failed_counted_and_the_conversation_goes_on()
    {
        var givenUp = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntypeMetrics.MeterName && instrument.Name == "runtype.webhooks.given_up")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref givenUp, value));
        listener.Start();

        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, body) => Task.FromResult(body.Contains("\"poison\"", StringComparison.Ordinal) ? 400 : 200);
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var created = await grains.GetGrain<IWebhooksGrain>("owner-a").Create(new WebhookDraft(receiver.Url.ToString(), [Grains.Events.EventType.MessageCreated], null));
        using var client = factory.ClientFor();
        var id = (await client.CreateConversationAsync()).GetProperty("id").GetString()!;
        await client.CreateMessageAsync(id, """{"content":"poison","role":"user"}""");
        await client.CreateMessageAsync(id, """{"content":"after","role":"user"}""");

        // The event after the refused one waits until it is given up, then arrives.
        await receiver.WaitForAsync(r => r.Any(w => w.Answered == 200 && w.Body.Contains("\"after\"", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        var refused = receiver.Received.Where(w => w.Body.Contains("\"poison\"", StringComparison.Ordinal)).ToList();
        Assert.True(refused.Count >= 2, $"{refused.Count} attempts");
        Assert.True(refused.Max(w => w.ReceivedAt) < receiver.Delivered.Single(w => w.Body.Contains("\"after\"", StringComparison.Ordinal)).ReceivedAt);

        var log = await grains.GetGrain<IWebhookDeliveryGrain>(GrainKeys.Compose("owner-a", created!.Webhook.Id)).Recent(50);
        var failed = Assert.Single(log, d => d.Outcome == DeliveryOutcome.Failed);
        Assert.Equal(400, failed.StatusCode);
        Assert.Null(failed.NextAttemptAt);
        Assert.Equal(refused.Count, failed.Attempt);
        listener.RecordObservableInstruments();
        Assert.True(Interlocked.Read(ref givenUp) >= 1);
    }
}
