using System.Security.Claims;
using Runtype.Api.Auth;
using Runtype.Grains;
using Runtype.Grains.Webhooks;

namespace Runtype.Api.Cluster;

/// <summary>The grains a request reaches, keyed by the caller's owner so one owner never addresses another's.</summary>
public static class OwnedGrains
{
    public static IConversationGrain Conversation(this GrainReferences grains, ClaimsPrincipal user, string id)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<IConversationGrain>(GrainKeys.Compose(user.Owner(), id));
    }

    public static ISurfaceGrain Surface(this GrainReferences grains, ClaimsPrincipal user, string id)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<ISurfaceGrain>(GrainKeys.Compose(user.Owner(), id));
    }

    /// <summary>The mail side of one of the caller's surfaces; ask <see cref="Surface"/> first whether it exists.</summary>
    public static Grains.Email.IEmailSurfaceGrain EmailSurface(this GrainReferences grains, ClaimsPrincipal user, string id)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<Grains.Email.IEmailSurfaceGrain>(GrainKeys.Compose(user.Owner(), id));
    }

    /// <summary>The caller's webhook endpoints: one grain per owner, keyed by the owner alone.</summary>
    public static IWebhooksGrain Webhooks(this GrainReferences grains, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<IWebhooksGrain>(user.Owner());
    }

    /// <summary>The deliveries of one of the caller's endpoints; ask <see cref="Webhooks"/> first whether it exists.</summary>
    public static IWebhookDeliveryGrain WebhookDelivery(this GrainReferences grains, ClaimsPrincipal user, string webhookId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<IWebhookDeliveryGrain>(GrainKeys.Compose(user.Owner(), webhookId));
    }

    /// <summary>A stateless worker, so the one key spreads over activations on every silo.</summary>
    public static IConversationCatalogGrain ConversationCatalog(this GrainReferences grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<IConversationCatalogGrain>(0);
    }
}
