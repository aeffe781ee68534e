using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Runtype.Storage.Sql;

namespace Runtype.Silo;

/// <summary>
/// Checks every options class against its rules and says, in one line per problem, which key is wrong and what
/// to put there. Used twice with the same rules: eagerly, where Orleans must be configured before the service
/// provider exists, and through <c>ValidateOnStart</c> for everything bound later.
/// </summary>
public abstract class OptionsValidator<T> : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public abstract IEnumerable<string> Failures(T options);

    /// <summary>Binds <paramref name="section"/> and validates it; a bad value stops start-up with one clear line.</summary>
    public T Read(IConfiguration configuration, string section, Func<T> defaults)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(defaults);
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? defaults();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the type it expected ("Failed to convert configuration value at 'Cluster:SiloPort' ...").
            throw new StartupConfigurationException($"{ex.Message} Fix the value, or remove it to use the default.");
        }

        var failures = Failures(options).ToList();
        return failures.Count == 0 ? options : throw new StartupConfigurationException(string.Join(" ", failures));
    }
}

public sealed class StorageOptionsValidator : OptionsValidator<StorageOptions>
{
    public override IEnumerable<string> Failures(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != StorageOptions.Memory && SqlDialect.ForProvider(options.Provider) is null)
        {
            yield return $"Storage:Provider '{options.Provider}' is not a storage provider; use '{StorageOptions.Memory}', 'postgres' or 'sqlserver'.";
        }
    }
}

public sealed class ClusterOptionsValidator : OptionsValidator<RuntypeClusterOptions>
{
    public override IEnumerable<string> Failures(RuntypeClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Membership is not (RuntypeClusterOptions.Localhost or RuntypeClusterOptions.AdoNet))
        {
            yield return $"Cluster:Membership '{options.Membership}' is not known; use '{RuntypeClusterOptions.Localhost}' or '{RuntypeClusterOptions.AdoNet}'.";
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            yield return "Cluster:ClusterId is empty; give the cluster a name (every silo and API of one cluster uses the same).";
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            yield return "Cluster:ServiceId is empty; give the service a name that stays the same across deployments.";
        }

        foreach (var (key, port) in new[] { ("Cluster:SiloPort", options.SiloPort), ("Cluster:GatewayPort", options.GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{key} {port} is not a TCP port; use 1 to 65535.");
            }
        }

        if (options.SiloPort == options.GatewayPort)
        {
            yield return "Cluster:SiloPort and Cluster:GatewayPort are the same port; give each its own.";
        }
    }
}
