using Runtype.Storage.Sql;

namespace Runtype.Hosting;

/// <summary>Applies pending migrations first thing in the silo's start-up, before membership or grain storage touch the database.</summary>
internal sealed class MigrationsAtStartup(MigrationRunner runner) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MigrationsAtStartup), ServiceLifecycleStage.First, async cancellationToken => await runner.ApplyAsync(cancellationToken));
}
