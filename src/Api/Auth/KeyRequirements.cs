using Microsoft.AspNetCore.Authorization;

namespace Runtype.Api.Auth;

/// <summary>
/// Safe by default: every endpoint says what a caller needs, either a key with a scope
/// (<see cref="RequiredScopeExtensions.RequireScope"/>) or no key at all (ASP.NET Core's <c>AllowAnonymous()</c>, as
/// the health checks and the API's description say). An endpoint that says neither would be open to anyone without
/// anybody having decided so, and one that says both is unclear, so the API refuses to start with either, naming them.
/// </summary>
/// <remarks>
/// A default scope applied by the route group was the alternative: it would make a forgotten write endpoint readable
/// with a read-only key, a hole nobody sees. Refusing to start costs the author of a new endpoint one line.
/// </remarks>
public static class KeyRequirements
{
    public static void Verify(IEnumerable<Endpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var unclear = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var scoped = endpoint.Metadata.GetMetadata<RequiredScope>() is not null;
            var open = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (scoped == open)
            {
                unclear.Add(scoped ? $"'{endpoint.DisplayName}' names a scope and also allows calls without a key" : $"'{endpoint.DisplayName}' names no scope");
            }
        }

        if (unclear.Count > 0)
        {
            throw new InvalidOperationException(
                $"Every endpoint must say what a caller needs: .RequireScope(Scopes.Read or Scopes.Write), or .AllowAnonymous() "
                + $"for one that needs no API key. {string.Join("; ", unclear)}.");
        }
    }
}
