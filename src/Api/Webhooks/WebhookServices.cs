using Microsoft.Extensions.Options;
using Runtype.Api.Cluster;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Webhooks;

/// <summary>What the webhook handlers use from the container, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record WebhookServices(GrainReferences Grains, IOptions<WebhooksOptions> Options);
