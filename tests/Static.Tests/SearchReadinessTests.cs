using Microsoft.Extensions.Logging;
using Runtype.Grains;
using Runtype.Hosting;

namespace Runtype.Static.Tests;

/// <summary>
/// The start-up step that asks the SQL store whether it can search (<see cref="SearchReadinessAtStartup"/>): one
/// warning line with the store's reason where it cannot, nothing where it can, and a start-up that goes on when the
/// question itself fails, as search is optional. Driven through the silo lifecycle as a silo would, with the store's
/// answer standing in for a database.
/// </summary>
public sealed class SearchReadinessTests
{
    private const string Why = "SQL Server Full-Text Search is not installed: install the Full-Text Search feature (on Linux the mssql-server-fts package) and restart; every other endpoint works without it.";

    [Fact]
    public async Task A_store_that_cannot_search_is_one_warning_line_with_its_reason()
    {
        var (log, asked) = await StartAsync(() => Task.FromResult<string?>(Why));

        var line = Assert.Single(log);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains(Why, line.Message, StringComparison.Ordinal);
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task A_store_that_can_search_logs_nothing()
    {
        var (log, asked) = await StartAsync(() => Task.FromResult<string?>(null));

        Assert.Empty(log);
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task A_database_that_cannot_be_asked_is_a_warning_and_the_silo_starts()
    {
        var (log, _) = await StartAsync(() => Task.FromException<string?>(new StorageFaultException("sqlserver", "15247")));

        Assert.Equal(LogLevel.Warning, Assert.Single(log).Level);
        Assert.Contains("15247", log[0].Message, StringComparison.Ordinal);
    }

    /// <summary>Anything but the store's own failures is a defect, and stops the start-up like any other.</summary>
    [Fact]
    public async Task A_defect_is_not_swallowed() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(() => throw new InvalidOperationException("defect")));

    /// <summary>Migrations run at the first stage (MigrationsAtStartup): the full-text index needs the key column 0015 adds.</summary>
    [Fact]
    public void It_asks_after_the_stage_the_migrations_run_at()
    {
        var lifecycle = new Lifecycle();
        new SearchReadinessAtStartup(() => Task.FromResult<string?>(null), new CapturingLogger()).Participate(lifecycle);

        var (stage, _) = Assert.Single(lifecycle.Observers);
        Assert.True(stage > ServiceLifecycleStage.First);
        Assert.True(stage < ServiceLifecycleStage.Active);
    }

    private static async Task<(List<(LogLevel Level, string Message)> Log, int Asked)> StartAsync(Func<Task<string?>> answer)
    {
        var asked = 0;
        var log = new CapturingLogger();
        var lifecycle = new Lifecycle();
        new SearchReadinessAtStartup(() => { asked++; return answer(); }, log).Participate(lifecycle);

        await Assert.Single(lifecycle.Observers).Observer.OnStart(CancellationToken.None);
        return (log.Lines, asked);
    }

    private sealed class Lifecycle : ISiloLifecycle
    {
        public List<(int Stage, ILifecycleObserver Observer)> Observers { get; } = [];

        public int HighestCompletedStage => ServiceLifecycleStage.First;

        public int LowestStoppedStage => ServiceLifecycleStage.Last;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            Observers.Add((stage, observer));
            return new Unsubscribe();
        }

        private sealed class Unsubscribe : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }

    private sealed class CapturingLogger : ILogger<SearchReadinessAtStartup>
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
