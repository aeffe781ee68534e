using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Storage.Sql;

namespace Runtype.Hosting;

/// <summary>The SQL engine and connection string that <c>Storage:Provider</c> and <c>ConnectionStrings:Runtype</c> name.</summary>
public sealed record SqlSettings(SqlDialect Dialect, string ConnectionString)
{
    /// <summary>Reads and checks the settings; a value that cannot work stops start-up with one line naming the key.</summary>
    public static SqlSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = OptionsReading.Storage(configuration).Provider;
        var dialect = SqlDialect.ForProvider(provider)
            ?? throw new StartupConfigurationException($"Storage:Provider is '{provider}', but this needs a SQL database; use 'postgres' or 'sqlserver'.");
        var connectionString = configuration.GetConnectionString(StorageOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupConfigurationException($"ConnectionStrings:Runtype is empty; Storage:Provider '{provider}' needs the database's connection string there.");
        }

        try
        {
            return new SqlSettings(dialect, dialect.Tune(connectionString));
        }
        catch (ArgumentException)
        {
            // The value itself stays out of the message: it may carry a password.
            throw new StartupConfigurationException($"ConnectionStrings:Runtype is not a valid connection string for '{provider}'.");
        }
    }

    /// <summary>
    /// The settings this host has registered, or read and registered now. Clustering, grain storage and the API's
    /// health check each need them; reading them once gives the whole process one answer, and the health check
    /// takes that answer from the container.
    /// </summary>
    public static SqlSettings ReadOnce(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.LastOrDefault(d => d.ServiceType == typeof(SqlSettings) && !d.IsKeyedService)?.ImplementationInstance is SqlSettings registered)
        {
            return registered;
        }

        var settings = Read(configuration);
        services.AddSingleton(settings);
        return settings;
    }

    // A record prints every member; the connection string may carry a password, so it never reaches a log line.
    public override string ToString() => $"SqlSettings {{ Dialect = {Dialect.Name} }}";
}
