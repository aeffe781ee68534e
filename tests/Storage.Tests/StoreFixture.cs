using Microsoft.Extensions.Logging.Abstractions;
using Runtype.Grains.Storage;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>One store per provider for the whole run: memory, PostgreSQL, and SQL Server when configured.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    private readonly Dictionary<string, (IConversationStore Store, IConversationIndex Index, IEventLog Events)> _stores = new(StringComparer.Ordinal);
    private readonly List<TestDatabase> _databases = [];

    /// <summary>The providers this run tests: SQL Server only when a server was given.</summary>
    public static IReadOnlyList<string> ProviderNames { get; } = TestDatabase.ServerFor(SqlServerDialect.ProviderName) is null
        ? ["memory", PostgresDialect.ProviderName]
        : ["memory", PostgresDialect.ProviderName, SqlServerDialect.ProviderName];

    public static TheoryData<string> Providers => [.. ProviderNames];

    public IConversationStore Store(string provider) => _stores[provider].Store;

    public IConversationIndex Index(string provider) => _stores[provider].Index;

    public IEventLog Events(string provider) => _stores[provider].Events;

    public TestDatabase Database(string provider) => _databases.Single(d => d.Provider == provider);

    public async Task InitializeAsync()
    {
        var memory = new InMemoryConversationStore();
        _stores["memory"] = (memory, memory, memory.Events);
        foreach (var provider in ProviderNames.Where(p => p != "memory"))
        {
            var database = await TestDatabase.CreateAsync(provider);
            _databases.Add(database);
            var store = new SqlConversationStore(database.Dialect, database.Dialect.Tune(database.ConnectionString), NullLogger<SqlConversationStore>.Instance);
            var events = new SqlEventLog(database.Dialect, database.ConnectionString, NullLogger<SqlEventLog>.Instance);
            _stores[provider] = (store, store, events);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StoreCollection : ICollectionFixture<StoreFixture>
{
    public const string Name = "stores";
}
