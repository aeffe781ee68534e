using System.Security.Claims;
using Runtype.Api.Auth;
using Runtype.Grains;

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

    /// <summary>A stateless worker, so the one key spreads over activations on every silo.</summary>
    public static IConversationCatalogGrain ConversationCatalog(this GrainReferences grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Get<IConversationCatalogGrain>(0);
    }
}
