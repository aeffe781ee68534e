using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Storage;
using Runtype.Storage.Sql;

namespace Runtype.Hosting;

/// <summary>The grains' services and storage every silo shares: the standalone silo, the API's co-hosted silo and test clusters.</summary>
public static class StorageSiloBuilderExtensions
{
    /// <summary>Adds Runtype's grains' services and the storage that <c>Storage:Provider</c> names.</summary>
    public static ISiloBuilder AddRuntype(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);

        var storage = OptionsReading.Storage(configuration);
        silo.Services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.Section);
        silo.Services.AddValidatedOptions<RuntypeClusterOptions, ClusterOptionsValidator>(configuration, RuntypeClusterOptions.Section);
        silo.Services.AddValidatedOptions<EventsOptions, EventsOptionsValidator>(configuration, EventsOptions.Section);
        silo.Services.AddValidatedOptions<InactivityOptions, InactivityOptionsValidator>(configuration, InactivityOptions.Section);
        // Orleans refuses reminder periods under a minute unless told otherwise; tests check timers every second.
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<InactivityOptions>>((reminders, inactivity) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, inactivity.Value.CheckEvery.Ticks)));
        // A silo keeps a conversation active until it idles out (Orleans' collection age, 15 minutes), so traffic that
        // touches many conversations once would hold them all. Under memory pressure (80% of what the GC may use: the
        // container's limit, or DOTNET_GCHeapHardLimit) the least recently used activations are shed first; they come
        // back from the store when next called (docs/architecture.md, bench "churn").
        silo.Configure<GrainCollectionOptions>(options => options.EnableActivationSheddingOnMemoryPressure = true);
        // Grain state goes to SQL as JSON through Newtonsoft.Json, which by default fills an object a property already
        // holds instead of making a new one: reading a surface with timers overwrote the one shared "no timers" value,
        // and every later new surface and conversation inherited them (docs/storage.md). Every value read is new.
        silo.Services.Configure<OrleansJsonSerializerOptions>(options =>
            options.JsonSerializerSettings.ObjectCreationHandling = Newtonsoft.Json.ObjectCreationHandling.Replace);
        silo.Services.AddHostedService<EventRetention>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<OwnerWakeUp>();
        silo.Services.AddRuntypeWebhookDelivery(configuration);
        silo.Services.AddRuntypeEmail(configuration);
        // Secrets in grain state (email passwords) are encrypted under a key ring kept in the same store.
        silo.Services.AddRuntypeDataProtection(configuration);
        if (RuntypeTelemetry.TracesEnabled(configuration))
        {
            // Carries the caller's trace into grain calls; only worth its cost when traces are exported.
            silo.AddActivityPropagation();
        }

        if (storage.Provider == StorageOptions.Memory)
        {
            silo.AddRuntypeMemoryStorage();
            return silo;
        }

        silo.AddRuntypeSqlStorage(SqlSettings.ReadOnce(silo.Services, configuration), storage.ApplyMigrations);
        return silo;
    }

    /// <summary>
    /// The embedded store. A store (or reminder table) registered before this call wins, which is how an
    /// in-process test cluster gives all its silos one shared store, as a real cluster shares one database.
    /// </summary>
    public static ISiloBuilder AddRuntypeMemoryStorage(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.TryAddSingleton<OwnerWakeUp>();
        silo.Services.TryAddSingleton<InMemoryConversationStore>();
        silo.Services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        silo.Services.TryAddSingleton<IConversationIndex>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        silo.Services.TryAddSingleton<IMessageSearch>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        silo.Services.TryAddSingleton<IEventLog>(sp => sp.GetRequiredService<InMemoryConversationStore>().Events);
        // Grain state with the time of each write, so expired Idempotency-Key records can be deleted (EventRetention).
        silo.Services.TryAddSingleton<InMemoryGrainState>();
        silo.Services.TryAddSingleton<IExpiringGrainState>(sp => sp.GetRequiredService<InMemoryGrainState>());
        silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, (sp, _) => ActivatorUtilities.CreateInstance<InMemoryGrainStorage>(sp));
        if (!silo.Services.Any(service => service.ServiceType == typeof(IReminderTable)))
        {
            // Orleans' in-memory table lives in one grain of the cluster: reminders last until the cluster stops.
            silo.UseInMemoryReminderService();
        }

        return silo;
    }

    private static void AddRuntypeSqlStorage(this ISiloBuilder silo, SqlSettings sql, bool applyMigrations)
    {
        var (dialect, connectionString) = sql;
        silo.Services.TryAddSingleton(dialect);
        silo.Services.TryAddSingleton(sp => new SqlConversationStore(dialect, connectionString, sp.GetRequiredService<ILogger<SqlConversationStore>>()));
        silo.Services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqlConversationStore>());
        silo.Services.TryAddSingleton<IConversationIndex>(sp => sp.GetRequiredService<SqlConversationStore>());
        silo.Services.TryAddSingleton<IMessageSearch>(sp => sp.GetRequiredService<SqlConversationStore>());
        silo.Services.TryAddSingleton<IEventLog>(sp => new SqlEventLog(dialect, connectionString, sp.GetRequiredService<ILogger<SqlEventLog>>()));
        silo.Services.TryAddSingleton<IExpiringGrainState>(sp => new SqlExpiringGrainState(dialect, connectionString, sp.GetRequiredService<ILogger<SqlExpiringGrainState>>()));
        silo.AddAdoNetGrainStorage(GrainStorageNames.Default, options =>
        {
            options.Invariant = dialect.Invariant;
            options.ConnectionString = connectionString;
        });
        // Reminders live in the same database (migration 0007), so a grain's reminder outlives every silo.
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = dialect.Invariant;
            options.ConnectionString = connectionString;
        });
        if (applyMigrations)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new MigrationsAtStartup(
                new MigrationRunner(dialect, connectionString, sp.GetRequiredService<ILogger<MigrationRunner>>())));
        }
        else
        {
            silo.Services.AddRuntypeSchemaCheck(sql);
        }

        // On SQL Server search needs an optional component; start-up says so in one line where it is missing.
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new SearchReadinessAtStartup(
            sp.GetRequiredService<SqlConversationStore>().SearchUnavailableAsync, sp.GetRequiredService<ILogger<SearchReadinessAtStartup>>()));
    }
}
