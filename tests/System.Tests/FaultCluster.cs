using System.Globalization;
using System.Net;
using Npgsql;
using Runtype.Storage.Sql;
using Runtype.Testing;
using Runtype.Testing.History;

namespace Runtype.System.Tests;

/// <summary>Where a fault cluster's processes run and how they reach the database.</summary>
internal enum FaultTopology
{
    /// <summary>Every process on loopback, straight to PostgreSQL.</summary>
    Loopback,

    /// <summary>On loopback, every process (silos and API) reaching PostgreSQL through one <see cref="CuttableProxy"/>.</summary>
    DatabaseBehindProxy,

    /// <summary>Each silo in its own network namespace (<see cref="NetworkLab"/>), reaching PostgreSQL through a proxy on its root link; the API on loopback.</summary>
    Namespaces,
}

/// <summary>
/// The real cluster for the fault histories: silo processes (src/Silo) on a fresh PostgreSQL database, clustered through
/// its membership table, and API processes in client mode (Api:Mode=client) in front of them, each API key an owner.
/// Every process may serve email surfaces on the test mail servers (<see cref="Mail"/>: where the silos reach them).
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    public static readonly HistoryOwner OwnerA = new("faults-a", "faults-key-a");
    public static readonly HistoryOwner OwnerB = new("faults-b", "faults-key-b");

    private readonly List<CuttableProxy> _proxies = [];
    private readonly List<CuttableProxy> _mailProxies = [];
    private readonly List<ApiProcess> _apis = [];

    private FaultCluster(TestDatabase database, FaultTopology topology, NetworkLab? lab)
    {
        Database = database;
        Topology = topology;
        Lab = lab;
        ClusterId = "faults-" + Guid.NewGuid().ToString("N")[..8];
    }

    public TestDatabase Database { get; }

    public FaultTopology Topology { get; }

    public NetworkLab? Lab { get; }

    public string ClusterId { get; }

    /// <summary>The silos by index; a killed one stays here (exited) until restarted.</summary>
    public List<SiloProcess> Silos { get; } = [];

    public IReadOnlyList<ApiProcess> Apis => _apis;

    /// <summary>
    /// Where the silos reach the test mail servers: directly on loopback; from network namespaces, through proxies on
    /// the lab's shared address. No fault touches them.
    /// </summary>
    public HistoryMailServer Mail { get; private set; } = HistoryMailServer.Direct;

    /// <summary>The database proxy every process uses (<see cref="FaultTopology.DatabaseBehindProxy"/>).</summary>
    public CuttableProxy? Proxy => Topology == FaultTopology.DatabaseBehindProxy ? _proxies[0] : null;

    public static async Task<FaultCluster> StartAsync(FaultTopology topology, int silos, int apis)
    {
        var database = await TestDatabase.CreateAsync(PostgresDialect.ProviderName);
        NetworkLab? lab = null;
        FaultCluster? cluster = null;
        try
        {
            lab = topology == FaultTopology.Namespaces ? await NetworkLab.CreateAsync(silos) : null;
            cluster = new FaultCluster(database, topology, lab);
            var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            if (topology == FaultTopology.DatabaseBehindProxy)
            {
                cluster._proxies.Add(new CuttableProxy(server.Host!, server.Port));
            }
            else if (lab is not null)
            {
                for (var i = 0; i < silos; i++)
                {
                    cluster._proxies.Add(new CuttableProxy(server.Host!, server.Port, IPAddress.Parse(lab.HostAddress(i))));
                }

                var mail = MailServer.Current;
                var imap = new CuttableProxy(mail.Host, mail.ImapPort, IPAddress.Parse(lab.SharedHostAddress));
                var smtp = new CuttableProxy(mail.Host, mail.SmtpPort, IPAddress.Parse(lab.SharedHostAddress));
                cluster._mailProxies.AddRange([imap, smtp]);
                cluster.Mail = new HistoryMailServer(lab.SharedHostAddress, imap.Port, smtp.Port);
            }

            // The silos start together (each waits until the membership table lists it active), then the API nodes.
            var started = Enumerable.Range(0, silos).Select(cluster.StartSiloAsync).ToList();
            try
            {
                await Task.WhenAll(started);
            }
            finally
            {
                cluster.Silos.AddRange(started.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result));
            }

            var nodes = Enumerable.Range(0, apis).Select(_ => ApiProcess.StartAsync(PostgresDialect.ProviderName, cluster.ApiConnectionString, settings: cluster.ApiSettings())).ToList();
            try
            {
                await Task.WhenAll(nodes);
            }
            finally
            {
                cluster._apis.AddRange(nodes.Where(n => n.IsCompletedSuccessfully).Select(n => n.Result));
            }

            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                if (lab is not null)
                {
                    await lab.DisposeAsync();
                }

                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Starts silo <paramref name="i"/> (again, after a kill: a new incarnation on new ports) and waits until it is active.</summary>
    public Task<SiloProcess> StartSiloAsync(int i)
    {
        var name = "silo-" + i.ToString(CultureInfo.InvariantCulture);
        var settings = HistoryMailServer.ProcessSettings();
        settings["Storage__ApplyMigrations"] = "false";
        return Topology switch
        {
            FaultTopology.Namespaces => SiloProcess.StartAsync(name, ClusterId, Through(_proxies[i], Lab!.HostAddress(i)), Database.ConnectionString,
                Lab.Address(i), Lab.Namespace(i), settings),
            FaultTopology.DatabaseBehindProxy => SiloProcess.StartAsync(name, ClusterId, Through(_proxies[0], "127.0.0.1"), Database.ConnectionString, settings: settings),
            _ => SiloProcess.StartAsync(name, ClusterId, Database.ConnectionString, settings: settings),
        };
    }

    /// <summary>Replaces a silo that exited (killed, or stopped itself once the cluster declared it dead) by a new incarnation.</summary>
    public async Task RestartSiloAsync(int i)
    {
        await Silos[i].DisposeAsync();
        Silos[i] = await StartSiloAsync(i);
    }

    /// <summary>The last output of every process (silos, then API nodes), for a failure's evidence.</summary>
    public string Logs() =>
        string.Join("\n\n", Silos.Select(s => $"== {s.Name} ({s.Address}:{s.SiloPort})\n{s.Output}")
            .Concat(_apis.Select((a, i) => $"== api-{i} ({a.Address})\n{a.Output}")));

    public async ValueTask DisposeAsync()
    {
        foreach (var api in _apis)
        {
            await api.DisposeAsync();
        }

        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        foreach (var proxy in _proxies.Concat(_mailProxies))
        {
            await proxy.DisposeAsync();
        }

        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    private string ApiConnectionString => Topology == FaultTopology.DatabaseBehindProxy ? Through(_proxies[0], "127.0.0.1") : Database.ConnectionString;

    /// <summary>The API nodes validate an email surface's settings (hosts, security) before the silos take them.</summary>
    private Dictionary<string, string> ApiSettings()
    {
        var settings = HistoryMailServer.ProcessSettings();
        settings["Api__Mode"] = "client";
        settings["Cluster__Membership"] = "adonet";
        settings["Cluster__ClusterId"] = ClusterId;
        settings["Cluster__ServiceId"] = ClusterId;
        settings["Storage__ApplyMigrations"] = "false";
        settings["Auth__ApiKeys__1__Key"] = OwnerA.Key;
        settings["Auth__ApiKeys__1__Owner"] = OwnerA.Name;
        settings["Auth__ApiKeys__2__Key"] = OwnerB.Key;
        settings["Auth__ApiKeys__2__Owner"] = OwnerB.Name;
        return settings;
    }

    private string Through(CuttableProxy proxy, string host) =>
        new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Host = host, Port = proxy.Port }.ConnectionString;
}
