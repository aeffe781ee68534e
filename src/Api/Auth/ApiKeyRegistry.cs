using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Runtype.Api.Auth;

/// <summary>
/// The configured keys, kept only as SHA-256 hashes. A presented key is hashed and compared with every
/// entry in constant time, so neither the match nor its position leaks through timing.
/// </summary>
public sealed class ApiKeyRegistry
{
    private readonly KnownKey[] _keys;

    public ApiKeyRegistry(IOptions<ApiKeyOptions> options, ILogger<ApiKeyRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.ApiKeys.Select(ToKnownKey)];
        if (_keys.Length == 0)
        {
            logger.LogCritical("No API keys are configured (Auth:ApiKeys): every request will be refused with 401. See README, 'Configuration'.");
        }
    }

    public int Count => _keys.Length;

    public KnownKey? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        KnownKey? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>Entries are valid here: <see cref="ApiKeyOptionsValidator"/> stops start-up otherwise.</summary>
    private static KnownKey ToKnownKey(ApiKeyEntry entry)
    {
        var hash = string.IsNullOrEmpty(entry.KeyHash)
            ? SHA256.HashData(Encoding.UTF8.GetBytes(entry.Key!))
            : Convert.FromHexString(entry.KeyHash);
        var scopes = entry.Scopes.Count == 0 ? Scopes.All : [.. entry.Scopes.Distinct(StringComparer.Ordinal)];
        // The id names the key in logs and rate limits without revealing it.
        return new KnownKey(hash, entry.Owner, scopes, Convert.ToHexStringLower(hash.AsSpan(0, 6)));
    }
}

public sealed record KnownKey(byte[] Hash, string Owner, IReadOnlyList<string> Scopes, string KeyId)
{
    /// <summary>
    /// Who a request with this key is: built once and shared by every request that presents the key (nothing
    /// writes to a principal after authentication), so authenticating allocates no claims.
    /// </summary>
    public ClaimsPrincipal Principal { get; } = new(new ClaimsIdentity(
        [
            new Claim(ApiKeyMiddleware.OwnerClaimType, Owner),
            new Claim(ApiKeyMiddleware.KeyIdClaimType, KeyId),
            .. Scopes.Select(scope => new Claim(Auth.Scopes.ClaimType, scope)),
        ],
        ApiKeyMiddleware.SchemeName, ApiKeyMiddleware.OwnerClaimType, null));
}
