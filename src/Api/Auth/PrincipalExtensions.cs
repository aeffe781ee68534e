using System.Security.Claims;

namespace Runtype.Api.Auth;

public static class PrincipalExtensions
{
    /// <summary>The owner of the authenticated key; endpoints run only after authentication succeeded.</summary>
    public static string Owner(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyMiddleware.OwnerClaimType)
        ?? throw new InvalidOperationException("The request reached an endpoint without an authenticated owner.");
}
