using Runtype.Api.Cluster;

namespace Runtype.Api.Webhooks;

/// <summary>What the webhook handlers use from the container, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record WebhookServices(GrainReferences Grains, WebhookUrlCheck Urls);
