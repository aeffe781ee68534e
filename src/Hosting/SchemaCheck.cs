using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Storage.Sql;

namespace Runtype.Hosting;

/// <summary>
/// Stops start-up with one line naming both fixes when the database has no schema or an older one than this
/// build. Without it Orleans' ADO.NET providers are the first to notice, and start-up ends in their stack trace
/// (<c>relation "orleansquery" does not exist</c>). Registered by the hosts that would touch the database
/// without migrating it first; see <see cref="BeforeStartAsync"/> for why it is not a silo lifecycle stage.
/// </summary>
public sealed class SchemaCheck(MigrationRunner runner)
{
    private const string Fixes = "set Storage:ApplyMigrations=true to apply it at start-up, or run `dotnet run --project src/Silo -- migrate` once";

    /// <summary>
    /// Runs the check if this host registered one. Called by Program before the host starts: a failed silo
    /// lifecycle stage or hosted service is logged with its stack trace by Orleans and the host before the
    /// exception reaches Program, which is the output a newcomer should not have to read.
    /// </summary>
    public static Task BeforeStartAsync(IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetService<SchemaCheck>()?.EnsureCurrentAsync(cancellationToken) ?? Task.CompletedTask;

    public async Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string>? pending;
        try
        {
            pending = await runner.PendingAsync(cancellationToken);
        }
        catch (DbException)
        {
            // Unreachable, refused or not permitted says nothing about the schema: start-up goes on and the
            // providers report (or retry) it as they did before this check existed.
            return;
        }

        if (pending is null)
        {
            throw new StartupConfigurationException($"The database schema is missing (the database ConnectionStrings:Runtype names has no runtype_migrations table); {Fixes}.");
        }

        if (pending.Count > 0)
        {
            throw new StartupConfigurationException($"The database schema is behind this version (not applied: {string.Join(", ", pending)}); {Fixes}.");
        }
    }
}
