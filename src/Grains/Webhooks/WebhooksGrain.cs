using Microsoft.Extensions.Logging;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Grains.Wire;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// An owner's webhook endpoints and secrets, as one stored record (at most <see cref="WebhookLimits.EndpointsPerOwner"/>
/// endpoints). Each change is written before it is answered; a failed write leaves the record as it was. The
/// endpoints' deliveries are told of every change before it is answered (<see cref="IWebhookDeliveryGrain.Changed"/>,
/// <see cref="IWebhookDeliveryGrain.Stop"/>), so a disabled or deleted endpoint begins no attempt after the answer.
/// A change of types takes the owner's newest event as its boundary (<see cref="WebhookRecord.TypesSince"/>): the
/// new types apply to the events after it, so an endpoint is never sent an event of a type it did not want when
/// that event was committed.
/// </summary>
public sealed class WebhooksGrain(
    [PersistentState("webhooks", GrainStorageNames.Default)] IPersistentState<WebhooksState> state,
    IEventLog log,
    TimeProvider time,
    ILogger<WebhooksGrain> logger) : Grain, IWebhooksGrain
{
    private string Owner => this.GetPrimaryKeyString();

    Task<IReadOnlyList<Webhook>> IWebhooksGrain.List() =>
        Task.FromResult<IReadOnlyList<Webhook>>(state.State.Endpoints.Select(e => e.Webhook).ToList());

    Task<Webhook?> IWebhooksGrain.Get(string id) => Task.FromResult(Find(id)?.Webhook);

    async Task<WebhookWithSecret?> IWebhooksGrain.Create(WebhookDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Id is not null && Find(draft.Id) is { } made)
        {
            return new WebhookWithSecret(made.Webhook, made.Secret); // The same request's first attempt.
        }

        if (state.State.Endpoints.Count >= WebhookLimits.EndpointsPerOwner)
        {
            return null;
        }

        var now = Now();
        var webhook = new Webhook
        {
            Id = draft.Id ?? Identifiers.NewWebhookId(), Url = draft.Url, Types = draft.Types, Description = draft.Description, Enabled = true,
            CreatedAt = now, UpdatedAt = now,
        };
        var record = new WebhookRecord { Webhook = webhook, Secret = WebhookSignature.NewSecret() };

        // Its deliveries take their starting place in the log first: every event committed after this answer is sent.
        await Delivery(webhook.Id).Start(webhook.Types);
        await WriteAsync([.. state.State.Endpoints, record]);
        return new WebhookWithSecret(webhook, record.Secret);
    }

    async Task<Webhook?> IWebhooksGrain.Update(string id, WebhookPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (Find(id) is not { } record)
        {
            return null;
        }

        var webhook = record.Webhook with
        {
            Url = patch.Url ?? record.Webhook.Url,
            Types = patch.SetTypes ? patch.Types : record.Webhook.Types,
            Description = patch.SetDescription ? patch.Description : record.Webhook.Description,
            Enabled = patch.Enabled ?? record.Webhook.Enabled,
            UpdatedAt = Now(),
        };
        var changed = record with
        {
            Webhook = webhook,
            TypesSince = SameTypes(webhook.Types, record.Webhook.Types) ? record.TypesSince : await log.LatestAsync(Owner),
        };
        await ReplaceAsync(record, changed);
        await TellDeliveryAsync(changed);
        return webhook;
    }

    async Task<bool> IWebhooksGrain.Delete(string id)
    {
        if (Find(id) is not { } record)
        {
            return false;
        }

        await WriteAsync(state.State.Endpoints.Where(e => e != record).ToList());
        try
        {
            await Delivery(id).Stop();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Deleted all the same: the deliveries find the endpoint gone at their next round or reminder, and stop.
            logger.LogWarning(ex, "The deliveries of deleted webhook {Webhook} were not stopped now; they stop at their next round.", id);
        }

        return true;
    }

    async Task<WebhookWithSecret?> IWebhooksGrain.RotateSecret(string id)
    {
        if (Find(id) is not { } record)
        {
            return null;
        }

        var now = Now();
        var rotated = record with
        {
            Webhook = record.Webhook with { UpdatedAt = now },
            Secret = WebhookSignature.NewSecret(),
            PreviousSecret = record.Secret,
            PreviousSecretUntil = now + WebhookLimits.RotationOverlap,
        };
        await ReplaceAsync(record, rotated);
        await TellDeliveryAsync(rotated);
        return new WebhookWithSecret(rotated.Webhook, rotated.Secret);
    }

    Task<WebhookTarget?> IWebhooksGrain.Target(string id) => Task.FromResult(Find(id) is { } record ? TargetOf(record) : null);

    Task IWebhooksGrain.Committed()
    {
        foreach (var record in state.State.Endpoints)
        {
            if (record.Webhook.Enabled)
            {
                _ = Delivery(record.Webhook.Id).Wake();
            }
        }

        return Task.CompletedTask;
    }

    private WebhookTarget TargetOf(WebhookRecord record)
    {
        IReadOnlyList<string> secrets = record.PreviousSecret is { } previous && record.PreviousSecretUntil > time.GetUtcNow().UtcDateTime
            ? [record.Secret, previous]
            : [record.Secret];
        return new WebhookTarget(record.Webhook, secrets, record.TypesSince);
    }

    private static bool SameTypes(IReadOnlyList<EventType>? a, IReadOnlyList<EventType>? b) =>
        a is null ? b is null : b is not null && a.Order().SequenceEqual(b.Order());

    /// <summary>
    /// Hands the stored change to the endpoint's deliveries before the caller is answered, so no attempt begins with
    /// what it replaced. The change is stored either way: if the deliveries cannot be told now, they read it before
    /// their next round.
    /// </summary>
    private async Task TellDeliveryAsync(WebhookRecord record)
    {
        try
        {
            await Delivery(record.Webhook.Id).Changed(TargetOf(record));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "The deliveries of webhook {Webhook} were not told of a change; they read it before their next round.", record.Webhook.Id);
        }
    }

    private WebhookRecord? Find(string id) => state.State.Endpoints.FirstOrDefault(e => e.Webhook.Id == id);

    private IWebhookDeliveryGrain Delivery(string id) => GrainFactory.GetGrain<IWebhookDeliveryGrain>(GrainKeys.Compose(Owner, id));

    private DateTime Now() => Timestamps.ToMilliseconds(time.GetUtcNow().UtcDateTime);

    private Task ReplaceAsync(WebhookRecord old, WebhookRecord replacement) =>
        WriteAsync(state.State.Endpoints.Select(e => e == old ? replacement : e).ToList());

    /// <summary>Stores <paramref name="endpoints"/>; on failure the record stays what it was, and the call throws.</summary>
    private Task WriteAsync(List<WebhookRecord> endpoints) => state.WriteOrRestoreAsync(new WebhooksState { Endpoints = endpoints });
}

[GenerateSerializer, Alias("Runtype.WebhooksState")]
public sealed class WebhooksState
{
    [Id(0)] public List<WebhookRecord> Endpoints { get; set; } = [];
}

/// <summary>An endpoint with its secrets: the current one, and during a rotation's overlap the previous one.</summary>
[GenerateSerializer, Immutable, Alias("Runtype.WebhookRecord")]
public sealed record WebhookRecord
{
    [Id(0)] public required Webhook Webhook { get; init; }

    [Id(1)] public required string Secret { get; init; }

    [Id(2)] public string? PreviousSecret { get; init; }

    [Id(3)] public DateTime? PreviousSecretUntil { get; init; }

    /// <summary>The owner's newest event when the types last changed (null: not since registration); see <see cref="WebhookTarget.TypesSince"/>.</summary>
    [Id(4)] public EventPosition? TypesSince { get; init; }
}
