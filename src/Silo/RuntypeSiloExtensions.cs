using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Runtype.Grains;
using Runtype.Grains.Storage;
using Runtype.Storage.Sql;

namespace Runtype.Silo;

/// <summary>The silo configuration every host shares: the standalone silo, the API's co-hosted silo and test clusters.</summary>
public static class RuntypeSiloExtensions
{
    /// <summary>Adds Runtype's grains' services and the storage that <c>Storage:Provider</c> names.</summary>
    public static ISiloBuilder AddRuntype(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);

        var storage = StorageSettings(configuration);
        silo.Services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.Section);
        silo.Services.AddValidatedOptions<RuntypeClusterOptions, ClusterOptionsValidator>(configuration, RuntypeClusterOptions.Section);
        silo.Services.TryAddSingleton(TimeProvider.System);
        if (RuntypeTelemetry.IsEnabled(configuration))
        {
            // Carries the caller's trace into grain calls; only worth its cost when traces are exported.
            silo.AddActivityPropagation();
        }

        if (storage.Provider == StorageOptions.Memory)
        {
            silo.AddRuntypeMemoryStorage();
            return silo;
        }

        var (dialect, connectionString) = SqlSettings(configuration);
        silo.Services.TryAddSingleton(dialect);
        silo.Services.TryAddSingleton(sp => new SqlConversationStore(dialect, connectionString, sp.GetRequiredService<ILogger<SqlConversationStore>>()));
        silo.Services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqlConversationStore>());
        silo.Services.TryAddSingleton<IConversationIndex>(sp => sp.GetRequiredService<SqlConversationStore>());
        silo.AddAdoNetGrainStorage(GrainStorageNames.Default, options =>
        {
            options.Invariant = dialect.Invariant;
            options.ConnectionString = connectionString;
        });
        if (storage.ApplyMigrations)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new MigrationsAtStartup(
                new MigrationRunner(dialect, connectionString, sp.GetRequiredService<ILogger<MigrationRunner>>())));
        }
        else
        {
            silo.Services.AddRuntypeSchemaCheck(dialect, connectionString);
        }

        return silo;
    }

    /// <summary>
    /// The embedded store. A store registered before this call wins, which is how an in-process test
    /// cluster gives all its silos one shared store, as a real cluster shares one database.
    /// </summary>
    public static ISiloBuilder AddRuntypeMemoryStorage(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.TryAddSingleton<InMemoryConversationStore>();
        silo.Services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        silo.Services.TryAddSingleton<IConversationIndex>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        silo.AddMemoryGrainStorage(GrainStorageNames.Default);
        return silo;
    }

    /// <summary>Cluster identity, endpoints and membership from section <c>Cluster</c>.</summary>
    public static ISiloBuilder UseRuntypeClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var cluster = ClusterSettings(configuration);
        switch (cluster.Membership)
        {
            case RuntypeClusterOptions.Localhost:
                return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            case RuntypeClusterOptions.AdoNet:
                var (dialect, connectionString) = SqlSettings(configuration);
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
                if (string.IsNullOrEmpty(cluster.AdvertisedAddress))
                {
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(ParseAddress(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }

                return silo.UseAdoNetClustering(options =>
                {
                    options.Invariant = dialect.Invariant;
                    options.ConnectionString = connectionString;
                });
            default:
                // ClusterOptionsValidator has refused any other membership.
                throw new UnreachableException();
        }
    }

    /// <summary>How an external client (the API in client mode) finds the cluster's gateways: the same section <c>Cluster</c>.</summary>
    public static IClientBuilder UseRuntypeClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cluster = ClusterSettings(configuration);
        if (RuntypeTelemetry.IsEnabled(configuration))
        {
            client.AddActivityPropagation();
        }

        switch (cluster.Membership)
        {
            case RuntypeClusterOptions.Localhost:
                return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            case RuntypeClusterOptions.AdoNet:
                var (dialect, connectionString) = SqlSettings(configuration);
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
                // The client reads the membership table too; the silos migrate, the client only checks.
                client.Services.AddRuntypeSchemaCheck(dialect, connectionString);
                return client.UseAdoNetClustering(options =>
                {
                    options.Invariant = dialect.Invariant;
                    options.ConnectionString = connectionString;
                });
            default:
                // ClusterOptionsValidator has refused any other membership.
                throw new UnreachableException();
        }
    }

    /// <summary>The SQL engine and connection string that <c>Storage:Provider</c> and <c>ConnectionStrings:Runtype</c> name.</summary>
    public static (SqlDialect Dialect, string ConnectionString) SqlSettings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = StorageSettings(configuration).Provider;
        var dialect = SqlDialect.ForProvider(provider)
            ?? throw new StartupConfigurationException($"Storage:Provider is '{provider}', but this needs a SQL database; use 'postgres' or 'sqlserver'.");
        var connectionString = configuration.GetConnectionString(StorageOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartupConfigurationException($"ConnectionStrings:Runtype is empty; Storage:Provider '{provider}' needs the database's connection string there.");
        }

        try
        {
            return (dialect, dialect.Tune(connectionString));
        }
        catch (ArgumentException)
        {
            // The value itself stays out of the message: it may carry a password.
            throw new StartupConfigurationException($"ConnectionStrings:Runtype is not a valid connection string for '{provider}'.");
        }
    }

    private static void AddRuntypeSchemaCheck(this IServiceCollection services, SqlDialect dialect, string connectionString) =>
        services.TryAddSingleton(sp => new SchemaCheck(new MigrationRunner(dialect, connectionString, sp.GetRequiredService<ILogger<MigrationRunner>>())));

    public static StorageOptions StorageSettings(IConfiguration configuration) =>
        new StorageOptionsValidator().Read(configuration, StorageOptions.Section, () => new StorageOptions());

    public static RuntypeClusterOptions ClusterSettings(IConfiguration configuration) =>
        new ClusterOptionsValidator().Read(configuration, RuntypeClusterOptions.Section, () => new RuntypeClusterOptions());

    /// <summary>Binds an options class to its section and validates it when the host starts.</summary>
    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services;
    }

    private static IPAddress ParseAddress(string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : Dns.GetHostAddresses(value).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new StartupConfigurationException($"Cluster:AdvertisedAddress '{value}' does not resolve to an IPv4 address.");
}
