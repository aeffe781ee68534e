using System.Globalization;
using Runtype.Api.Auth;
using Runtype.Hosting;

namespace Runtype.Api;

public sealed class ApiOptionsValidator : OptionsValidator<ApiOptions>
{
    public override IEnumerable<string> Failures(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode is not (ApiOptions.CoHosted or ApiOptions.Client))
        {
            yield return $"Api:Mode '{options.Mode}' is not a mode; use '{ApiOptions.CoHosted}' or '{ApiOptions.Client}'.";
        }

        if (!string.IsNullOrEmpty(options.CursorKey))
        {
            var bytes = new byte[options.CursorKey.Length];
            if (!Convert.TryFromBase64String(options.CursorKey, bytes, out var length) || length < 32)
            {
                yield return "Api:CursorKey must be base64 of at least 32 random bytes: openssl rand -base64 32.";
            }
        }
    }
}

public sealed class ApiKeyOptionsValidator : OptionsValidator<ApiKeyOptions>
{
    public override IEnumerable<string> Failures(ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var entry = options.ApiKeys[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i}");
            if (string.IsNullOrWhiteSpace(entry.Owner))
            {
                yield return $"{key}:Owner is empty; every key needs the owner whose data it reaches.";
            }
            else if (entry.Owner.Length > 255 || entry.Owner.Trim() != entry.Owner || entry.Owner.Any(char.IsControl))
            {
                // SQL Server compares text ignoring trailing spaces: "acme " would reach "acme"'s data there.
                yield return $"{key}:Owner must be at most 255 characters, without surrounding white space or control characters.";
            }

            if (!string.IsNullOrEmpty(entry.KeyHash))
            {
                if (entry.KeyHash.Length != 64 || !entry.KeyHash.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
                {
                    yield return $"{key}:KeyHash must be 64 lowercase hex characters (the SHA-256 of the key).";
                }
            }
            else if (string.IsNullOrEmpty(entry.Key))
            {
                yield return $"{key} has neither Key nor KeyHash; set one of them.";
            }

            if (entry.Scopes.Except(Scopes.All, StringComparer.Ordinal).FirstOrDefault() is { } unknown)
            {
                yield return $"{key}:Scopes has unknown scope '{unknown}'; use {string.Join(" or ", Scopes.All)}.";
            }
        }
    }
}
