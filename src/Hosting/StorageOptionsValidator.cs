using Runtype.Storage.Sql;

namespace Runtype.Hosting;

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
