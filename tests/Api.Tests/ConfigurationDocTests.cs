using Runtype.Grains;
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Runtype.Api.Auth;
using Runtype.Api.RateLimiting;
using Runtype.Grains.Email;
using Runtype.Grains.Webhooks;
using Runtype.Hosting;
using Runtype.Testing;

namespace Runtype.Api.Tests;

/// <summary>docs/configuration.md lists exactly the keys the options classes bind, with their real defaults.</summary>
public sealed partial class ConfigurationDocTests
{
    private static readonly (Type Type, string Section)[] OptionsClasses =
    [
        (typeof(StorageOptions), StorageOptions.Section),
        (typeof(EventsOptions), EventsOptions.Section),
        (typeof(InactivityOptions), InactivityOptions.Section),
        (typeof(WebhooksOptions), WebhooksOptions.Section),
        (typeof(EmailOptions), EmailOptions.Section),
        (typeof(ApiOptions), ApiOptions.Section),
        (typeof(ApiKeyOptions), ApiKeyOptions.Section),
        (typeof(RuntypeClusterOptions), RuntypeClusterOptions.Section),
        (typeof(RateLimitOptions), RateLimitOptions.Section),
        (typeof(PrometheusOptions), PrometheusOptions.Section),
        (typeof(RuntypeDataProtectionOptions), RuntypeDataProtectionOptions.Section),
    ];

    // Keys read outside the options classes, each by a single accessor.
    private static readonly string[] OtherKeys =
        ["ConnectionStrings:Runtype", RuntypeTelemetry.OtlpEndpointKey, "Logging:LogLevel:<Category>"];

    [Fact]
    public void Every_bound_key_is_documented_and_every_documented_key_is_bound()
    {
        var bound = OptionsClasses.SelectMany(o => Keys(o.Type, o.Section)).Select(k => k.Key).Concat(OtherKeys);
        Assert.Equal(bound.Order(StringComparer.Ordinal), Documented().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_documented_default_is_the_options_class_default()
    {
        var documented = Documented();
        foreach (var (type, section) in OptionsClasses)
        {
            foreach (var (key, value) in Keys(type, section))
            {
                Assert.True(documented[key] == value, $"{key}: docs say '{documented[key]}', {type.Name} says '{value}'");
            }
        }
    }

    [Fact]
    public void The_validators_name_the_key_and_the_fix()
    {
        var storage = new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = "mysql" });
        var cluster = new ClusterOptionsValidator().Validate(null, new RuntypeClusterOptions { SiloPort = 0, GatewayPort = 70000 });
        var api = new ApiOptionsValidator().Validate(null, new ApiOptions { Mode = "sidecar", CursorKey = "c2hvcnQ=" });
        var keys = new ApiKeyOptionsValidator().Validate(null, new ApiKeyOptions { ApiKeys = [new ApiKeyEntry { KeyHash = "ABC", Scopes = ["admin"] }] });

        Assert.Equal(["Storage:Provider 'mysql' is not a storage provider; use 'memory', 'postgres' or 'sqlserver'."], storage.Failures);
        Assert.Equal(2, cluster.Failures!.Count());
        Assert.Contains(cluster.Failures!, f => f.StartsWith("Cluster:SiloPort 0", StringComparison.Ordinal));
        Assert.Contains(cluster.Failures!, f => f.StartsWith("Cluster:GatewayPort 70000", StringComparison.Ordinal));
        Assert.Contains(api.Failures!, f => f.StartsWith("Api:Mode 'sidecar'", StringComparison.Ordinal));
        Assert.Contains(api.Failures!, f => f.StartsWith("Api:CursorKey", StringComparison.Ordinal));
        Assert.Equal(3, keys.Failures!.Count());
        Assert.All(keys.Failures!, f => Assert.StartsWith("Auth:ApiKeys:0", f, StringComparison.Ordinal));
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions()).Succeeded);
        Assert.Equal(["Events:RetentionDays 0 keeps no events; use 1 or more days."], new EventsOptionsValidator().Validate(null, new EventsOptions { RetentionDays = 0 }).Failures);
        Assert.True(new EventsOptionsValidator().Validate(null, new EventsOptions()).Succeeded);
        Assert.True(new ClusterOptionsValidator().Validate(null, new RuntypeClusterOptions()).Succeeded);
    }

    [Fact]
    public void The_webhooks_validator_names_each_bad_key_and_accepts_the_defaults()
    {
        var bad = new WebhooksOptionsValidator().Validate(null, new WebhooksOptions
        {
            RetryFor = TimeSpan.Zero,
            Timeout = TimeSpan.FromMinutes(6),
            FirstRetryDelay = TimeSpan.FromSeconds(-1),
            WakeEvery = TimeSpan.FromMilliseconds(500),
            Concurrency = 257,
        });
        var tooShort = new WebhooksOptionsValidator().Validate(null, new WebhooksOptions { Timeout = TimeSpan.FromMilliseconds(999), Concurrency = 0 });

        Assert.Equal(
            ["Webhooks:RetryFor", "Webhooks:Timeout", "Webhooks:FirstRetryDelay", "Webhooks:WakeEvery", "Webhooks:Concurrency"],
            bad.Failures!.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.Equal(["Webhooks:Timeout", "Webhooks:Concurrency"], tooShort.Failures!.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.True(new WebhooksOptionsValidator().Validate(null, new WebhooksOptions()).Succeeded);
        Assert.True(new WebhooksOptionsValidator().Validate(null, new WebhooksOptions
        {
            Timeout = TimeSpan.FromSeconds(1), WakeEvery = TimeSpan.FromSeconds(1), Concurrency = 256, AllowInsecureTargets = true,
        }).Succeeded);
    }

    [Fact]
    public void The_email_validator_names_each_bad_key_and_accepts_the_defaults()
    {
        var bad = new EmailOptionsValidator().Validate(null, new EmailOptions
        {
            TrustedCertificatesPath = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pem"),
            Timeout = TimeSpan.FromMinutes(6),
            RetryFor = TimeSpan.Zero,
            FirstRetryDelay = TimeSpan.FromSeconds(-1),
            PollBatch = 1001,
            Concurrency = 0,
        });
        var tooShort = new EmailOptionsValidator().Validate(null, new EmailOptions { Timeout = TimeSpan.FromMilliseconds(999), PollBatch = 0, Concurrency = 257 });

        Assert.Equal(
            ["Email:TrustedCertificatesPath", "Email:Timeout", "Email:RetryFor", "Email:FirstRetryDelay", "Email:PollBatch", "Email:Concurrency"],
            bad.Failures!.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.Equal(["Email:Timeout", "Email:PollBatch", "Email:Concurrency"], tooShort.Failures!.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.True(new EmailOptionsValidator().Validate(null, new EmailOptions()).Succeeded);
        Assert.True(new EmailOptionsValidator().Validate(null, new EmailOptions
        {
            Timeout = TimeSpan.FromMinutes(5), PollBatch = 1000, Concurrency = 256, AllowInsecure = true, AllowPrivateHosts = true,
        }).Succeeded);
    }

    /// <summary>The keys an options class binds and the default each one has, as the doc writes them.</summary>
    private static IEnumerable<(string Key, string Default)> Keys(Type type, string prefix)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{prefix}:{property.Name}";
            var elementType = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(List<>)
                ? property.PropertyType.GetGenericArguments()[0]
                : null;
            if (elementType == typeof(string))
            {
                yield return ($"{key}:M", "none");
            }
            else if (elementType is not null)
            {
                foreach (var nested in Keys(elementType, $"{key}:N"))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return (key, Format(property.GetValue(instance)));
            }
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "none",
        "" => "none",
        string text => $"`{text}`",
        bool b => b ? "`true`" : "`false`",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        IEnumerable => "none",
        _ => $"`{value}`",
    };

    private static Dictionary<string, string> Documented()
    {
        var doc = File.ReadAllText(RepositoryPaths.Of("docs", "configuration.md"));
        return DocRow().Matches(doc).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["default"].Value.Trim(), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\| `(?<key>[^`]+)` \| (?<default>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex DocRow();
}
