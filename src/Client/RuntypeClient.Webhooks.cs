namespace Runtype.Client;

public sealed partial class RuntypeClient
{

    /// <summary>Registers an endpoint for the owner's events from now on; the answer holds its secret, shown only here.</summary>
    public Task<WebhookWithSecret> CreateWebhookAsync(CreateWebhookRequest request, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<WebhookWithSecret>(NewRequest(HttpMethod.Post, ApiRoutes.Path(ApiRoutes.Webhooks), request, idempotencyKey), cancellationToken);
    }

    /// <summary>The owner's webhook endpoints, oldest first, without secrets.</summary>
    public async Task<IReadOnlyList<Webhook>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync<DataList<Webhook>>(NewRequest(HttpMethod.Get, ApiRoutes.Path(ApiRoutes.Webhooks)), cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>One endpoint, without its secret.</summary>
    public Task<Webhook> GetWebhookAsync(string webhookId, CancellationToken cancellationToken = default) =>
        SendAsync<Webhook>(NewRequest(HttpMethod.Get, WebhookPath(webhookId)), cancellationToken);

    /// <summary>Replaces the fields set in <paramref name="update"/>.</summary>
    public Task<Webhook> UpdateWebhookAsync(string webhookId, WebhookUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return SendAsync<Webhook>(NewRequest(HttpMethod.Put, WebhookPath(webhookId), update), cancellationToken);
    }

    /// <summary>Deletes the endpoint and stops its deliveries.</summary>
    public Task DeleteWebhookAsync(string webhookId, CancellationToken cancellationToken = default) =>
        SendAsync<DeleteAnswer>(NewRequest(HttpMethod.Delete, WebhookPath(webhookId)), cancellationToken);

    /// <summary>A new signing secret (the previous one stays valid for 24 hours).</summary>
    public Task<WebhookWithSecret> RotateWebhookSecretAsync(string webhookId, string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<WebhookWithSecret>(NewRequest(HttpMethod.Post, ApiRoutes.Path(ApiRoutes.WebhookRotateSecret, webhookId), idempotencyKey), cancellationToken);

    /// <summary>The endpoint's most recent delivery attempts, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListWebhookDeliveriesAsync(string webhookId, int? limit = null,
        CancellationToken cancellationToken = default) =>
        (await SendAsync<DataList<WebhookDelivery>>(
            NewRequest(HttpMethod.Get, Query(ApiRoutes.Path(ApiRoutes.WebhookDeliveries, webhookId), ("limit", Number(limit)))), cancellationToken)
            .ConfigureAwait(false)).Data;

    /// <summary>Sends an event among the endpoint's recorded deliveries once more; answers the event id accepted.</summary>
    public async Task<string> RedeliverWebhookEventAsync(string webhookId, string eventId, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var request = NewRequest(HttpMethod.Post, ApiRoutes.Path(ApiRoutes.WebhookRedeliver, webhookId), new RedeliverBody(eventId), idempotencyKey);
        return (await SendAsync<RedeliverBody>(request, cancellationToken).ConfigureAwait(false)).EventId;
    }

    private static string WebhookPath(string webhookId) => ApiRoutes.Path(ApiRoutes.Webhook, webhookId);

    private sealed record DataList<T>(IReadOnlyList<T> Data);

    private sealed record RedeliverBody(string EventId);
}
