using Orleans.Concurrency;

namespace Runtype.Grains.Webhooks;

/// <summary>
/// One per owner (key = the owner): the owner's webhook endpoints and their signing secrets, stored together as
/// one small record. Registration and changes apply one at a time. Each endpoint's deliveries are made by its own
/// <see cref="IWebhookDeliveryGrain"/>, which this grain starts, wakes and stops.
/// </summary>
[Alias("Runtype.IWebhooksGrain")]
public interface IWebhooksGrain : IGrainWithStringKey
{
    /// <summary>The owner's endpoints, oldest first.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<Webhook>> List();

    /// <summary>One endpoint, or null when the owner has none with this id.</summary>
    [Alias("Get"), ReadOnly]
    Task<Webhook?> Get(string id);

    /// <summary>
    /// Registers an endpoint with a new secret; it receives the owner's events committed from now on. Null when the
    /// owner already has <see cref="WebhookLimits.EndpointsPerOwner"/> endpoints.
    /// </summary>
    [Alias("Create")]
    Task<WebhookWithSecret?> Create(WebhookDraft draft);

    /// <summary>Applies <paramref name="patch"/>; null when there is no such endpoint. Its deliveries see the change
    /// before their next attempt.</summary>
    [Alias("Update")]
    Task<Webhook?> Update(string id, WebhookPatch patch);

    /// <summary>Deletes the endpoint and stops its deliveries; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> Delete(string id);

    /// <summary>
    /// A new secret; the previous one keeps signing too (both signatures are sent) for
    /// <see cref="WebhookLimits.RotationOverlap"/>. Null when there is no such endpoint.
    /// </summary>
    [Alias("RotateSecret")]
    Task<WebhookWithSecret?> RotateSecret(string id);

    /// <summary>What the endpoint's deliveries sign and send with now; null when it was deleted.</summary>
    [Alias("Target"), ReadOnly]
    Task<WebhookTarget?> Target(string id);

    /// <summary>Events of this owner committed: wakes the deliveries of its enabled endpoints. Fire and forget.</summary>
    [OneWay, Alias("Committed")]
    Task Committed();
}

/// <summary>Fixed limits of the webhook feature.</summary>
public static class WebhookLimits
{
    public const int EndpointsPerOwner = 20;

    public const int UrlLength = 2048;

    public const int DescriptionLength = 500;

    public const int ResponseBodyBytes = 1024;

    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);
}
