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

    private static KnownKey ToKnownKey(ApiKeyEntry entry, int index)
    {
        if (string.IsNullOrWhiteSpace(entry.Owner))
        {
            throw new InvalidOperationException($"Auth:ApiKeys:{index}:Owner is empty; every key needs the owner whose data it reaches.");
        }

        byte[] hash;
        if (!string.IsNullOrEmpty(entry.KeyHash))
        {
            if (entry.KeyHash.Length != SHA256.HashSizeInBytes * 2 || !IsLowerHex(entry.KeyHash))
            {
                throw new InvalidOperationException($"Auth:ApiKeys:{index}:KeyHash must be 64 lowercase hex characters (the SHA-256 of the key).");
            }

            hash = Convert.FromHexString(entry.KeyHash);
        }
        else if (!string.IsNullOrEmpty(entry.Key))
        {
            hash = SHA256.HashData(Encoding.UTF8.GetBytes(entry.Key));
        }
        else
        {
            throw new InvalidOperationException($"Auth:ApiKeys:{index} has neither Key nor KeyHash.");
        }

        var unknown = entry.Scopes.Except(Scopes.All, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"Auth:ApiKeys:{index}:Scopes has unknown scope '{unknown[0]}'; use {string.Join(" or ", Scopes.All)}.");
        }

        var scopes = entry.Scopes.Count == 0 ? Scopes.All : [.. entry.Scopes.Distinct(StringComparer.Ordinal)];
        // The id names the key in logs and rate limits without revealing it.
        return new KnownKey(hash, entry.Owner, scopes, Convert.ToHexStringLower(hash.AsSpan(0, 6)));
    }

    private static bool IsLowerHex(string value) => value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}

public sealed record KnownKey(byte[] Hash, string Owner, IReadOnlyList<string> Scopes, string KeyId);
