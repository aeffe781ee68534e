using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Runtype.Grains;
using Runtype.Grains.Secrets;

namespace Runtype.Hosting;

/// <summary>
/// Loads the Data Protection key ring once at start-up, after the migrations and before the silo takes calls, holding
/// the key ring's lock (<c>SqlXmlRepository.Exclusively</c>, <c>InMemoryXmlRepository.Exclusively</c>): silos that
/// start together on an empty ring make one key between them. Without the lock each would make its own and cache the
/// ring as it found it, and a silo that cached only its own key would not open what another protected until its cache
/// expired, up to a day later. Data Protection's own start-up load (its hosted service) starts after the silo's.
/// A failure does not stop the silo: the first secret protected or opened loads the ring again.
/// </summary>
public sealed class KeyRingAtStartup(ISecretProtector protector, Action<Action> exclusively, ILogger<KeyRingAtStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(KeyRingAtStartup), ServiceLifecycleStage.ApplicationServices, _ =>
        {
            Load();
            return Task.CompletedTask;
        });
    }

    /// <summary>Loads the ring, making its first key if it has none, under the key ring's lock.</summary>
    public void Load()
    {
        try
        {
            // Protecting anything loads the ring, and makes a key where there is none.
            exclusively(() => protector.Protect(string.Empty));
        }
        catch (Exception ex) when (ex is StorageUnavailableException or StorageFaultException or CryptographicException)
        {
            logger.LogWarning("Could not load the Data Protection key ring at start-up ({Failure}); the first secret protected or opened loads it", ex.Message);
        }
    }
}
