using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Runtype.Storage.Sql;

namespace Runtype.Hosting;

internal static class SchemaCheckServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="SchemaCheck"/> that <see cref="SchemaCheck.BeforeStartAsync"/> runs, once per host.</summary>
    public static IServiceCollection AddRuntypeSchemaCheck(this IServiceCollection services, SqlSettings sql)
    {
        services.TryAddSingleton(sp => new SchemaCheck(new MigrationRunner(sql.Dialect, sql.ConnectionString, sp.GetRequiredService<ILogger<MigrationRunner>>())));
        return services;
    }
}
