using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runtype.Api.Health;
using Runtype.Hosting;
using Runtype.Storage.Sql;

namespace Runtype.Static.Tests;

/// <summary>The SQL settings are read once per start-up, however many parts of the host need them.</summary>
public sealed class SqlSettingsTests
{
    private const string ConnectionStringKey = "ConnectionStrings:Runtype";

    [Fact]
    public void A_co_hosted_silo_reads_the_connection_string_once_for_membership_storage_and_the_health_check()
    {
        var source = new CountingSource(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = PostgresDialect.ProviderName,
            [ConnectionStringKey] = "Host=127.0.0.1;Database=runtype",
            ["Cluster:Membership"] = RuntypeClusterOptions.AdoNet,
        });
        var configuration = new ConfigurationBuilder().Add(source).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        builder.UseOrleans(silo => silo.UseRuntypeClustering(configuration).AddRuntype(configuration));
        using var host = builder.Build();
        _ = ActivatorUtilities.CreateInstance<StorageHealthCheck>(host.Services, configuration);

        Assert.Equal(1, source.Reads);
        Assert.Same(host.Services.GetRequiredService<SqlSettings>().Dialect, host.Services.GetRequiredService<SqlDialect>());
    }

    /// <summary>In-memory configuration that counts how often the connection string is looked up.</summary>
    private sealed class CountingSource(Dictionary<string, string?> values) : IConfigurationSource
    {
        public int Reads { get; private set; }

        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this, values);

        private sealed class Provider(CountingSource source, Dictionary<string, string?> values) : ConfigurationProvider
        {
            public override void Load()
            {
                foreach (var (key, value) in values)
                {
                    Data[key] = value;
                }
            }

            public override bool TryGet(string key, out string? value)
            {
                if (string.Equals(key, ConnectionStringKey, StringComparison.OrdinalIgnoreCase))
                {
                    source.Reads++;
                }

                return base.TryGet(key, out value);
            }
        }
    }
}
