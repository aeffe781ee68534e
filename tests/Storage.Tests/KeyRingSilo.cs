using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runtype.Grains.Secrets;
using Runtype.Hosting;

namespace Runtype.Storage.Tests;

/// <summary>
/// The services one silo builds for its secrets, through the same <see cref="DataProtectionServices.AddRuntypeDataProtection"/>
/// that <c>AddRuntype</c> calls: a test builds two of them on one store to stand for two silos of a cluster.
/// </summary>
internal sealed class KeyRingSilo : IDisposable
{
    private readonly ServiceProvider _services;

    public KeyRingSilo(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        before?.Invoke(services);
        services.AddRuntypeDataProtection(configuration);
        _services = services.BuildServiceProvider();
    }

    public ISecretProtector Secrets => _services.GetRequiredService<ISecretProtector>();

    /// <summary>The keys this silo's Data Protection reads from the ring (a fresh read, not its cached ring).</summary>
    public IReadOnlyCollection<IKey> Keys => _services.GetRequiredService<IKeyManager>().GetAllKeys();

    /// <summary>The repository Data Protection stores the ring through, as it was configured.</summary>
    public IXmlRepository KeyRepository => _services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository!;

    /// <summary>What the silo does at start-up (<see cref="KeyRingAtStartup"/>): loads the ring, making the first key if there is none.</summary>
    public void Start() => _services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<KeyRingAtStartup>().Single().Load();

    public static Dictionary<string, string?> On(string provider, string? connectionString) => new(StringComparer.Ordinal)
    {
        ["Storage:Provider"] = provider,
        ["ConnectionStrings:Runtype"] = connectionString,
    };

    public void Dispose() => _services.Dispose();
}
