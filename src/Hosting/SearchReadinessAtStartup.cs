using Microsoft.Extensions.Logging;
using Runtype.Grains;

namespace Runtype.Hosting;

/// <summary>
/// Asks the SQL store once at start-up whether it can search (<c>SqlConversationStore.SearchUnavailableAsync</c>,
/// which on SQL Server creates the full-text index where Full-Text Search is installed) and, where it cannot, says so
/// in one warning line naming what to install: the search endpoint answers 501 until then, and nothing else needs it.
/// It runs after the migrations (<see cref="MigrationsAtStartup"/> runs at the first stage), whether this host applies
/// them or only checks them, and before the silo takes requests. A failure to ask does not stop the silo: search is
/// optional, and the first search asks again.
/// </summary>
public sealed class SearchReadinessAtStartup(Func<Task<string?>> searchUnavailable, ILogger<SearchReadinessAtStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SearchReadinessAtStartup), ServiceLifecycleStage.ApplicationServices, _ => CheckAsync());
    }

    public async Task CheckAsync()
    {
        try
        {
            if (await searchUnavailable() is { } why)
            {
                logger.LogWarning("Message search is unavailable: {Reason}", why);
            }
        }
        catch (Exception ex) when (ex is StorageUnavailableException or StorageFaultException)
        {
            logger.LogWarning("Could not tell whether message search works ({Failure}); the first search asks again", ex.Message);
        }
    }
}
