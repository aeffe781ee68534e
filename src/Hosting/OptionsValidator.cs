using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Runtype.Hosting;

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
